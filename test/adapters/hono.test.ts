import { describeAdapterScenarios } from './scenarios.js';

describeAdapterScenarios('hono');
