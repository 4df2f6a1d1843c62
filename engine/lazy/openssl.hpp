// The OpenSSL functions tug calls (digests, base64, CA certificates for registry TLS),
// through tables resolved from libcrypto.so.3 and libssl.so.3 on first use: a container's
// monitor never computes a digest, so it need not map libcrypto.
#pragma once

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

namespace tug::engine::lazy {

// OpenSSL's names carry several prefixes (EVP_, PEM_, X509_, SSL_): members keep them.
struct CryptoApi {
    decltype(&::EVP_sha256) EVP_sha256;
    decltype(&::EVP_MD_CTX_new) EVP_MD_CTX_new;
    decltype(&::EVP_MD_CTX_free) EVP_MD_CTX_free;
    decltype(&::EVP_DigestInit_ex) EVP_DigestInit_ex;
    decltype(&::EVP_DigestUpdate) EVP_DigestUpdate;
    decltype(&::EVP_DigestFinal_ex) EVP_DigestFinal_ex;
    decltype(&::EVP_Digest) EVP_Digest;
    decltype(&::EVP_EncodeBlock) EVP_EncodeBlock;
    decltype(&::EVP_DecodeBlock) EVP_DecodeBlock;
    decltype(&::PEM_read_X509) PEM_read_X509;
    decltype(&::X509_free) X509_free;
    decltype(&::X509_STORE_add_cert) X509_STORE_add_cert;
};

struct SslApi {
    decltype(&::SSL_CTX_get_cert_store) SSL_CTX_get_cert_store;
};

// The table, resolved on the first call (thread-safe: callers wait for the one resolving).
// Throws tug::Error (Unavailable) naming the library or symbol that is missing; a later
// call tries again.
const CryptoApi& crypto();
const SslApi& ssl();

}  // namespace tug::engine::lazy
