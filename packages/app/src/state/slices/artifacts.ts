// The artifacts slice (model/artifacts.ts): the host's artifacts.list and artifacts.read.

import type { ArtifactsActions, ArtifactsData } from '../model/artifacts.js';
import type { SliceContext } from '../slice.js';

export function artifactsSlice({ host }: SliceContext<ArtifactsData>): ArtifactsActions {
  return {
    listArtifacts: async (sessionId) => (await host['artifacts.list']({ sessionId })).artifacts,
    readArtifact: (sessionId, id) => host['artifacts.read']({ sessionId, id }),
  };
}
