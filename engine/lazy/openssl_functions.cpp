// The OpenSSL functions tug calls (digests, base64, CA certificates), resolved on first
// use: a container's monitor never computes a digest, so it need not map libcrypto.
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include "engine/base/lazy_library.hpp"

#define TUG_LAZY_CRYPTO(ret, name, params, args) TUG_LAZY_FUNCTION(libcrypto, ret, name, params, args)

TUG_LAZY_CRYPTO(const EVP_MD*, EVP_sha256, (void), ())
TUG_LAZY_CRYPTO(EVP_MD_CTX*, EVP_MD_CTX_new, (void), ())
TUG_LAZY_CRYPTO(void, EVP_MD_CTX_free, (EVP_MD_CTX * ctx), (ctx))
TUG_LAZY_CRYPTO(int, EVP_DigestInit_ex, (EVP_MD_CTX * ctx, const EVP_MD* type, ENGINE* impl),
                (ctx, type, impl))
TUG_LAZY_CRYPTO(int, EVP_DigestUpdate, (EVP_MD_CTX * ctx, const void* data, size_t count),
                (ctx, data, count))
TUG_LAZY_CRYPTO(int, EVP_DigestFinal_ex, (EVP_MD_CTX * ctx, unsigned char* md, unsigned int* size),
                (ctx, md, size))
TUG_LAZY_CRYPTO(int, EVP_Digest,
                (const void* data, size_t count, unsigned char* md, unsigned int* size,
                 const EVP_MD* type, ENGINE* impl),
                (data, count, md, size, type, impl))
TUG_LAZY_CRYPTO(int, EVP_EncodeBlock, (unsigned char* t, const unsigned char* f, int n), (t, f, n))
TUG_LAZY_CRYPTO(int, EVP_DecodeBlock, (unsigned char* t, const unsigned char* f, int n), (t, f, n))
TUG_LAZY_CRYPTO(X509*, PEM_read_X509, (FILE * fp, X509** x, pem_password_cb* cb, void* u),
                (fp, x, cb, u))
TUG_LAZY_CRYPTO(void, X509_free, (X509 * cert), (cert))
TUG_LAZY_CRYPTO(int, X509_STORE_add_cert, (X509_STORE * store, X509* cert), (store, cert))
TUG_LAZY_FUNCTION(libssl, X509_STORE*, SSL_CTX_get_cert_store, (const SSL_CTX* ctx), (ctx))
