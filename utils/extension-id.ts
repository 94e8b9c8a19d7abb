/**
 * The extension's fixed identity, so browser policies can name it (docs/DEPLOY.md).
 *
 * Chrome and Edge derive the id of an unpacked or self-hosted build from the manifest `key`:
 * the first 32 hex digits of SHA-256 over the DER public key, written with the letters a–p.
 * The private half signs self-hosted .crx packages and is kept outside the repository.
 * test/utils/extension-id.test.ts checks that the id below follows from the key.
 */

/** Base64 DER (SubjectPublicKeyInfo) of the RSA-2048 signing key: the manifest `key`. */
export const EXTENSION_PUBLIC_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAiybV1AQKKb83JXUX1IP1GY3BgdTywa1Y9uyxOJT6XpNWV00LmRTc1ejaE+HE06N8Ka/+jhE6IS9VVddYjQHHfjPTa3DAAN3b88203g10CD0niPMuhAe16DDR7tqmkG+QN5UE9LlMWtzWzC7bnd7GFrolaRJohyd9oaKk4X+B8peD2R8Z6wHu/D3w7i4zm240tYDuxEhPfoWnk3ygxbc5yoaJyE3gSIeh2svZxSVzPrt3ysVUFKNQeufNr50yp4u1AhI7uytCJqNHdag2F71pDfbdOjpvdSB3VvIdEki7Km/rw8BIExSZeFSswNQzl5cV/Xl9iwCKwW4SNB/AHqHavQIDAQAB';

/** Chrome / Edge extension id that follows from EXTENSION_PUBLIC_KEY. */
export const EXTENSION_ID = 'hpbeimplfconnkppcldeljolgijalhjg';

/** Firefox add-on id (browser_specific_settings.gecko.id). */
export const GECKO_ID = 'service-feedback@service-feedback.dev';
