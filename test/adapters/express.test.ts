import { describeAdapterScenarios } from './scenarios.js';

describeAdapterScenarios('express');
describeAdapterScenarios('express-parsers-first');
describeAdapterScenarios('express-routes');
