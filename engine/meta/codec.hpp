// The one (de)serialization of the metadata database's records: a record struct lists
// its fields once, with a number each, in a `fields(v, record)` function found by ADL,
// and the Encoder and Decoder here walk that list. The bytes are protobuf's wire format
// (`protoc --decode_raw` reads them), behind a one-byte format version.
//
// Rules for a record struct, which keep old records readable by new code:
// - field numbers rise through fields() and are never reused; a removed field's number
//   stays retired (the decoder skips numbers it does not know);
// - a vector or map field is empty by default (an empty one is not written);
// - an optional field is written only when it has a value;
// - a changed meaning gets a new number, or a new format version and an upgrade step.
#pragma once

#include <concepts>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace tug::engine::meta {

class Encoder;
class Decoder;

// Lists and maps: an optional one is wrapped in a message of its own (see Encoder).
template <typename T>
inline constexpr bool is_container = false;
template <typename T>
inline constexpr bool is_container<std::vector<T>> = true;
template <typename V>
inline constexpr bool is_container<std::map<std::string, V>> = true;

// A struct with `void fields(V&, T&)` for the visitors below.
template <typename T>
concept Record = requires(Encoder& e, T& t) {
    fields(e, t);
};

class Encoder {
  public:
    void operator()(uint32_t tag, const bool& v) { varint_field(tag, v ? 1 : 0); }
    template <std::integral I>
    void operator()(uint32_t tag, const I& v) {
        if constexpr (std::is_signed_v<I>)
            varint_field(tag, zigzag(static_cast<int64_t>(v)));
        else
            varint_field(tag, static_cast<uint64_t>(v));
    }
    template <typename E>
    requires std::is_enum_v<E>
    void operator()(uint32_t tag, const E& v) {
        (*this)(tag, static_cast<std::underlying_type_t<E>>(v));
    }
    void operator()(uint32_t tag, const double& v);
    void operator()(uint32_t tag, const std::string& v) { bytes_field(tag, v); }
    template <Record T>
    void operator()(uint32_t tag, const T& v) {
        Encoder inner;
        fields(inner, const_cast<T&>(v));  // fields() only reads through an Encoder
        bytes_field(tag, inner.out_);
    }
    template <typename T>
    void operator()(uint32_t tag, const std::vector<T>& v) {
        for (const auto& e : v)
            (*this)(tag, e);
    }
    template <typename V>
    void operator()(uint32_t tag, const std::map<std::string, V>& m) {
        for (const auto& [k, v] : m) {
            Encoder entry;
            entry(1, k);
            entry(2, v);
            bytes_field(tag, entry.out_);
        }
    }
    template <typename T>
    void operator()(uint32_t tag, const std::optional<T>& v) {
        if (!v) return;
        if constexpr (is_container<T>) {
            // A present but empty list must stay present: wrapped in a message of its own.
            Encoder inner;
            inner(1, *v);
            bytes_field(tag, inner.out_);
        } else {
            (*this)(tag, *v);
        }
    }

    const std::string& bytes() const { return out_; }
    std::string take() { return std::move(out_); }

  private:
    static uint64_t zigzag(int64_t v) {
        return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
    }
    void varint(uint64_t v);
    void key(uint32_t tag, int wire);
    void varint_field(uint32_t tag, uint64_t v);
    void bytes_field(uint32_t tag, std::string_view v);

    std::string out_;
    uint32_t last_tag_ = 0;  // fields() must list rising numbers: the Decoder relies on it
};

// Reads fields in the order fields() lists them, the order the Encoder wrote them:
// a number the stream has and fields() does not is skipped; a field the stream lacks
// keeps the struct's default. Throws tug::Error (Internal) on damaged bytes.
class Decoder {
  public:
    explicit Decoder(std::string_view bytes)
        : p_(bytes.data()), end_(bytes.data() + bytes.size()) {}

    void operator()(uint32_t tag, bool& v) {
        if (seek(tag)) v = read_varint_value() != 0;
    }
    template <std::integral I>
    void operator()(uint32_t tag, I& v) {
        if (!seek(tag)) return;
        const uint64_t raw = read_varint_value();
        if constexpr (std::is_signed_v<I>)
            v = static_cast<I>(static_cast<int64_t>((raw >> 1) ^ (~(raw & 1) + 1)));
        else
            v = static_cast<I>(raw);
    }
    template <typename E>
    requires std::is_enum_v<E>
    void operator()(uint32_t tag, E& v) {
        std::underlying_type_t<E> u{};
        if (!seek(tag)) return;
        unseek();
        (*this)(tag, u);
        v = static_cast<E>(u);
    }
    void operator()(uint32_t tag, double& v);
    void operator()(uint32_t tag, std::string& v) {
        if (seek(tag)) v = std::string(read_bytes_value());
    }
    template <Record T>
    void operator()(uint32_t tag, T& v) {
        if (!seek(tag)) return;
        Decoder inner(read_bytes_value());
        fields(inner, v);
    }
    template <typename T>
    void operator()(uint32_t tag, std::vector<T>& v) {
        v.clear();
        while (seek(tag)) {
            unseek();
            T e{};
            (*this)(tag, e);
            v.push_back(std::move(e));
        }
    }
    template <typename V>
    void operator()(uint32_t tag, std::map<std::string, V>& m) {
        m.clear();
        while (seek(tag)) {
            Decoder entry(read_bytes_value());
            std::string k;
            V val{};
            entry(1, k);
            entry(2, val);
            m.insert_or_assign(std::move(k), std::move(val));
        }
    }
    template <typename T>
    void operator()(uint32_t tag, std::optional<T>& v) {
        if (!seek(tag)) {
            v.reset();
            return;
        }
        v.emplace();
        if constexpr (is_container<T>) {
            Decoder inner(read_bytes_value());
            inner(1, *v);
        } else {
            unseek();
            (*this)(tag, *v);
        }
    }

  private:
    // Positions at the next field numbered tag, skipping lower numbers; false when the
    // next field has a higher number or the bytes end. The key stays read (pending_).
    bool seek(uint32_t tag);
    // Puts the key seek() read back, for a reader that calls seek() again.
    void unseek() { p_ = key_start_; }
    // Keys and most numbers fit in one byte: that case is inline, as it runs for every
    // field of every record a listing decodes.
    uint64_t read_varint() {
        if (p_ != end_ && !(static_cast<uint8_t>(*p_) & 0x80)) return static_cast<uint8_t>(*p_++);
        return read_long_varint();
    }
    uint64_t read_long_varint();
    uint64_t read_varint_value();
    std::string_view read_bytes_value();
    void skip_value(int wire);
    [[noreturn]] void damaged(const char* what) const;

    const char* p_;
    const char* end_;
    const char* key_start_ = nullptr;
    int wire_ = 0;  // of the key seek() found
};

// A record as stored: the format version byte, then the fields.
template <Record T>
std::string encode_record(const T& record, uint8_t version) {
    Encoder e;
    fields(e, const_cast<T&>(record));
    std::string out;
    out.reserve(e.bytes().size() + 1);
    out.push_back(static_cast<char>(version));
    out += e.bytes();
    return out;
}

// The version byte of a stored record; 0 for an empty one. A record from before this
// format (JSON text) starts with '{'.
inline uint8_t record_version(std::string_view stored) {
    return stored.empty() ? 0 : static_cast<uint8_t>(stored.front());
}

// Decodes a record written by encode_record (the version byte is the caller's to check).
template <Record T>
T decode_record(std::string_view stored) {
    T out{};
    Decoder d(stored.substr(stored.empty() ? 0 : 1));
    fields(d, out);
    return out;
}

// FailedPrecondition: a stored record of kind is in a format this tug does not read (a
// newer tug wrote it, or it predates an upgrade that has not run).
[[noreturn]] void unknown_record_format(std::string_view kind, uint8_t version);

// decode_record for a record that must be in format version.
template <Record T>
T decode_record_as(std::string_view stored, uint8_t version, std::string_view kind) {
    if (record_version(stored) != version) unknown_record_format(kind, record_version(stored));
    return decode_record<T>(stored);
}

}  // namespace tug::engine::meta
