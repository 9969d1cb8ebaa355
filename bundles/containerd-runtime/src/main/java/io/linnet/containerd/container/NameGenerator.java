package io.linnet.containerd.container;

import java.security.SecureRandom;
import java.util.List;
import java.util.function.Predicate;

/** Names for containers created without one, in dockerd's style ("/adjective_surname"). */
final class NameGenerator {

    private static final List<String> LEFT = List.of("admiring", "adoring", "agitated", "amazing", "angry", "awesome",
            "blissful", "bold", "brave", "busy", "charming", "clever", "compassionate", "competent", "cool", "dazzling",
            "determined", "eager", "ecstatic", "elastic", "elegant", "epic", "exciting", "fervent", "festive", "focused",
            "friendly", "gallant", "gifted", "goofy", "gracious", "happy", "hopeful", "hungry", "inspiring", "jolly",
            "keen", "kind", "laughing", "loving", "lucid", "magical", "modest", "musing", "naughty", "nice", "nifty",
            "optimistic", "peaceful", "pensive", "practical", "quirky", "quizzical", "relaxed", "reverent", "romantic",
            "serene", "sharp", "silly", "sleepy", "stoic", "sweet", "tender", "trusting", "upbeat", "vibrant",
            "vigilant", "wizardly", "wonderful", "youthful", "zealous", "zen");
    private static final List<String> RIGHT = List.of("albattani", "allen", "archimedes", "babbage", "banach", "bardeen",
            "bartik", "bell", "bohr", "boole", "borg", "brahmagupta", "cannon", "carson", "cerf", "chandrasekhar",
            "curie", "darwin", "davinci", "dijkstra", "einstein", "euclid", "euler", "fermat", "feynman", "galileo",
            "gauss", "goldberg", "hamilton", "hawking", "heisenberg", "hodgkin", "hopper", "hypatia", "jennings",
            "johnson", "kepler", "knuth", "lamarr", "leakey", "lovelace", "mayer", "mcclintock", "meitner", "mendel",
            "napier", "newton", "noether", "pascal", "pasteur", "poincare", "ramanujan", "ritchie", "shannon",
            "stonebraker", "swartz", "tesla", "thompson", "torvalds", "turing", "wozniak", "wright", "yalow");
    private static final SecureRandom RANDOM = new SecureRandom();

    private NameGenerator() {
    }

    /** A free name with the leading slash; a digit is appended after a few collisions. */
    static String generate(Predicate<String> taken) {
        for (int i = 0; i < 10; i++) {
            String name = "/" + LEFT.get(RANDOM.nextInt(LEFT.size())) + "_" + RIGHT.get(RANDOM.nextInt(RIGHT.size()));
            if (i > 3) {
                name += RANDOM.nextInt(10);
            }
            if (!taken.test(name)) {
                return name;
            }
        }
        return "/" + Ids.newId().substring(0, 12);
    }
}
