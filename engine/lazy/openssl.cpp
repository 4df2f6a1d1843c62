// The CryptoApi, SslApi resolved by name from their libraries.
#include "engine/lazy/openssl.hpp"

#include "engine/base/lazy_library.hpp"

namespace tug::engine::lazy {

const CryptoApi& crypto() {
    static const CryptoApi api = [] {
        auto& lib = tug::lazy::libcrypto();
        CryptoApi t{};
// Each member is the function of that name.
#define TUG_RESOLVE(member) t.member = tug::lazy::resolve<decltype(&::member)>(lib, #member)
        TUG_RESOLVE(EVP_sha256);
        TUG_RESOLVE(EVP_MD_CTX_new);
        TUG_RESOLVE(EVP_MD_CTX_free);
        TUG_RESOLVE(EVP_DigestInit_ex);
        TUG_RESOLVE(EVP_DigestUpdate);
        TUG_RESOLVE(EVP_DigestFinal_ex);
        TUG_RESOLVE(EVP_Digest);
        TUG_RESOLVE(EVP_EncodeBlock);
        TUG_RESOLVE(EVP_DecodeBlock);
        TUG_RESOLVE(PEM_read_X509);
        TUG_RESOLVE(X509_free);
        TUG_RESOLVE(X509_STORE_add_cert);
#undef TUG_RESOLVE
        return t;
    }();
    return api;
}

const SslApi& ssl() {
    static const SslApi api = [] {
        auto& lib = tug::lazy::libssl();
        SslApi t{};
// Each member is the function of that name.
#define TUG_RESOLVE(member) t.member = tug::lazy::resolve<decltype(&::member)>(lib, #member)
        TUG_RESOLVE(SSL_CTX_get_cert_store);
#undef TUG_RESOLVE
        return t;
    }();
    return api;
}

}  // namespace tug::engine::lazy
