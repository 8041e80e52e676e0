/** The API group and version of every Seldon Core v2 resource. */
export const SELDON_API_VERSION = 'mlops.seldon.io/v1alpha1';

/** Kinds this library synthesizes. */
export const SERVER_KIND = 'Server';
export const MODEL_KIND = 'Model';
export const SERVER_CONFIG_KIND = 'ServerConfig';
