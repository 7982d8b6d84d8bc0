/**
 * Why elements the importer does not read are left out, for the warnings that list them (every
 * element of the file is either read or reported; see XmlReader.reportUnhandled).
 */
export const UNHANDLED_REASONS: Readonly<Record<string, string>> = {
  SceneGraphFile: 'no 3D models: the renderer draws boxes by class',
  TrafficSignals: 'traffic signals are not simulated',
  TrafficSignalControllers: 'traffic signals are not simulated',
  Performance: 'dynamics limits come from our vehicle class (sim/dynamics/vehicle-params.ts)',
  Axles: 'dynamics limits come from our vehicle class (sim/dynamics/vehicle-params.ts)',
  Properties: 'simulator-specific properties have no meaning here',
  ParameterDeclarations: 'declarations of an element the importer does not read',
  StopTrigger: 'our runs have a fixed duration',
  EntitySelection: 'entity selections are not supported: name entities directly',
  Environment: 'weather and time of day are not part of our world',
};
