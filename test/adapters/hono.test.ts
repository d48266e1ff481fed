import { describeAdapterScenarios } from './scenarios.js';

describeAdapterScenarios('hono');
describeAdapterScenarios('hono-routes');
