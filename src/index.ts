export type { ServerSpec, ServerPodSpec, ServerImageOverrides } from './api/server-spec';
export { ServerDeploymentStrategy, PvcRetentionPolicy } from './deployment-strategy';
export type { ServerRollingUpdateOptions, PvcRetention } from './deployment-strategy';
export { ServerConfig, ServerType } from './server-config';
export type { IServerConfig, ServerConfigContainer, ServerConfigProfile, ServerConfigReferenceOptions } from './server-config';
export { Server } from './server';
export type { IServer, ServerProps, ServerOptions, ServerPlacementOptions, ServerImageOptions, ServerVolumeMount, ServerEnvOptions, ResolvedScalingInfo } from './server';
export { MlServer } from './mlserver';
export type { MlServerProps } from './mlserver';
export { TritonServer } from './triton-server';
export type { TritonServerProps } from './triton-server';
export { CustomServer } from './custom-server';
export type { CustomServerProps } from './custom-server';
export { PvcServer } from './pvc-server';
export type { PvcServerProps } from './pvc-server';
export type { ServerConfigSpec, ServerConfigVolumeClaimTemplate } from './api/server-config-spec';
export type { ServerConfigProps } from './server-config';
export { DefaultServers } from './default-servers';
export type { DefaultServersProps } from './default-servers';
export type { ServerReferenceOptions } from './existing-server';
export type {
  ModelSpec, ModelLoggerSpec, ModelExplainerSpec, ModelLlmSpec, ModelParameterSpec, ModelDataflowSpec,
} from './api/model-spec';
export { Model } from './model';
export type { ModelOptions, ModelProps, ServerModelProps } from './model';
export { StorageUri } from './storage-uri';
export { Placement } from './placement';
export type { PlacementFinding } from './placement';
