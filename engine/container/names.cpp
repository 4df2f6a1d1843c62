// Generated container names in docker's style: "<adjective>_<scientist>".
#include <cstdint>
#include <string>

#include "engine/base/random.hpp"
#include "engine/container/store.hpp"

namespace tug::engine::container {

namespace {

constexpr const char* kLeft[] = {
    "admiring", "adoring", "affectionate", "agitated", "amazing", "angry", "awesome",
    "beautiful", "blissful", "bold", "boring", "brave", "busy", "charming", "clever",
    "compassionate", "competent", "condescending", "confident", "cool", "cranky", "crazy",
    "dazzling", "determined", "distracted", "dreamy", "eager", "ecstatic", "elastic",
    "elated", "elegant", "eloquent", "epic", "exciting", "fervent", "festive", "flamboyant",
    "focused", "friendly", "frosty", "funny", "gallant", "gifted", "goofy", "gracious",
    "great", "happy", "hardcore", "heuristic", "hopeful", "hungry", "infallible", "inspiring",
    "intelligent", "interesting", "jolly", "jovial", "keen", "kind", "laughing", "loving",
    "lucid", "magical", "modest", "musing", "mystifying", "naughty", "nervous", "nice",
    "nifty", "nostalgic", "objective", "optimistic", "peaceful", "pedantic", "pensive",
    "practical", "priceless", "quirky", "quizzical", "recursing", "relaxed", "reverent",
    "romantic", "sad", "serene", "sharp", "silly", "sleepy", "stoic", "strange", "stupefied",
    "suspicious", "sweet", "tender", "thirsty", "trusting", "unruffled", "upbeat", "vibrant",
    "vigilant", "vigorous", "wizardly", "wonderful", "xenodochial", "youthful", "zealous",
    "zen",
};

constexpr const char* kRight[] = {
    "agnesi", "albattani", "allen", "almeida", "archimedes", "ardinghelli", "aryabhata",
    "austin", "babbage", "banach", "bardeen", "bartik", "bassi", "beaver", "bell", "benz",
    "bhabha", "bhaskara", "blackburn", "blackwell", "bohr", "booth", "borg", "bose", "boyd",
    "brahmagupta", "brattain", "brown", "buck", "burnell", "cannon", "carson", "cartwright",
    "cerf", "chandrasekhar", "chaplygin", "chatelet", "chatterjee", "chebyshev", "clarke",
    "colden", "cori", "cray", "curie", "darwin", "davinci", "dewdney", "dhawan", "diffie",
    "dijkstra", "dirac", "driscoll", "dubinsky", "easley", "edison", "einstein", "elbakyan",
    "elgamal", "elion", "ellis", "engelbart", "euclid", "euler", "faraday", "feistel",
    "fermat", "fermi", "feynman", "franklin", "gagarin", "galileo", "galois", "ganguly",
    "gates", "gauss", "germain", "goldberg", "goldstine", "goldwasser", "golick", "goodall",
    "gould", "greider", "grothendieck", "haibt", "hamilton", "haslett", "hawking", "heisenberg",
    "hellman", "hermann", "herschel", "hertz", "heyrovsky", "hodgkin", "hofstadter",
    "hoover", "hopper", "hugle", "hypatia", "ishizaka", "jackson", "jang", "jemison",
    "jennings", "jepsen", "johnson", "joliot", "jones", "kalam", "kapitsa", "kare", "keldysh",
    "keller", "kepler", "khayyam", "khorana", "kilby", "kirch", "knuth", "kowalevski",
    "lalande", "lamarr", "lamport", "leakey", "leavitt", "lederberg", "lehmann", "lewin",
    "lichterman", "liskov", "lovelace", "lumiere", "mahavira", "margulis", "matsumoto",
    "maxwell", "mayer", "mccarthy", "mcclintock", "mclaren", "mclean", "mcnulty", "meitner",
    "mendel", "mendeleev", "meninsky", "merkle", "mestorf", "mirzakhani", "montalcini",
    "moore", "morse", "moser", "murdock", "napier", "nash", "neumann", "newton", "nightingale",
    "nobel", "noether", "northcutt", "noyce", "panini", "pare", "pascal", "pasteur", "payne",
    "perlman", "pike", "poincare", "poitras", "proskuriakova", "ptolemy", "raman",
    "ramanujan", "rhodes", "ride", "ritchie", "robinson", "roentgen", "rosalind", "rubin",
    "saha", "sammet", "sanderson", "satoshi", "shamir", "shannon", "shaw", "shirley",
    "shockley", "shtern", "sinoussi", "snyder", "solomon", "spence", "stonebraker",
    "sutherland", "swanson", "swartz", "swirles", "taussig", "tereshkova", "tesla", "tharp",
    "thompson", "torvalds", "tu", "turing", "varahamihira", "vaughan", "villani",
    "visvesvaraya", "volhard", "wescoff", "wilbur", "wiles", "williams", "williamson",
    "wilson", "wing", "wozniak", "wright", "wu", "yalow", "yonath", "zhukovsky",
};

uint32_t random_u32() {
    uint32_t v = 0;
    base::fill_random(&v, sizeof v);
    return v;
}

}  // namespace

std::string generate_name() {
    const auto nl = sizeof kLeft / sizeof kLeft[0];
    const auto nr = sizeof kRight / sizeof kRight[0];
    std::string name = std::string(kLeft[random_u32() % nl]) + "_" + kRight[random_u32() % nr];
    // docker: "boring_wozniak" is not boring.
    if (name == "boring_wozniak") return generate_name();
    return name;
}

}  // namespace tug::engine::container
