/**
 * The role catalogue: versioned roles published by the platform and by
 * resellers (`catalogue.ts`), hiring from it (`hire.ts`, the one function the
 * dashboard, `/hire` and King Mouse call) and publishing (`publish.ts`).
 */
export {
  type CatalogueRole,
  currentRole,
  type KnightTool,
  matchRole,
  normalName,
  type PlanTier,
  planAllows,
  roleHistory,
  roleVersion,
  visibleCatalogue,
} from "./catalogue.ts";
export {
  HireError,
  type HireErrorCode,
  type HireProposal,
  type HireRequest,
  requestHire,
} from "./hire.ts";
export { PublishError, publishRole, type RoleDraft, retireRole, updateRole } from "./publish.ts";
