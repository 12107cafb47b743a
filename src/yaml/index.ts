export { YamlSource, type Path } from './yaml-source.js';
export { LoadError, formatProblem, type Problem } from './load-error.js';
export { zodProblems } from './zod-problems.js';
export { closest, nearest, didYouMean } from './did-you-mean.js';
export { isObject } from './is-object.js';
export { valueText } from './value-text.js';
