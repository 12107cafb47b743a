export type { Directory } from './directory.js';
export type { Service, Room, Reception, Role, ServiceType } from './service.js';
export { isRoom, defaultFlowFor } from './service.js';
export { parseAlias, formatAlias, aliasMatches, type AliasKey } from './alias.js';
export { StaticDirectory } from './static-directory.js';
export { loadServicesFile, parseServices, readServices } from './services-file.js';
export { roleForPin, pinRequired, sameDigits, type PinJudgement } from './pin-rules.js';
export { routeEntry, type RouteResult } from './reception-routing.js';
export { aliasRoutes, type AliasRoute } from './alias-routes.js';
