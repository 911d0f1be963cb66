/** The dev server's version, sent in the `User-Agent` of webhook deliveries and in deployment info. */
export const DEV_SERVER_VERSION = '0.1.0';
