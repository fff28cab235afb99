// Dynamic model catalogs (providers.descriptors.<id>.dynamicCatalog). See docs/configuration.md.
export { CatalogCache, type CachedCatalog } from './cache.js';
export { appDefaultFor, pickDefaultModel, type DefaultModelInputs } from './default-model.js';
export { DEFAULT_FETCH_TIMEOUT_MS, DEFAULT_MAX_BYTES, fetchCatalog, type CatalogFetchOptions, type FetchedCatalog } from './fetch.js';
export { MAX_MODELS, parseCatalog, type CatalogModel, type ParsedCatalog } from './parse.js';
export { CatalogError, CatalogProblem, type CatalogProblemCode } from './problems.js';
export { CatalogLaunchModels } from './launch-models.js';
export { catalogStatus, DynamicCatalogs, type CatalogSnapshot, type CatalogSource, type DynamicCatalogsOptions } from './service.js';
export { catalogSpec, catalogSpecs, DEFAULT_TTL_MINUTES, specFingerprint, type CatalogSpec } from './spec.js';
