/** The SDK version, sent as `X-SDK-Version` and in bodies that carry `sdk_version`. */
export const SDK_VERSION = '0.1.0';
