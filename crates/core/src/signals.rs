//! The detection signals of all grammars, and which of them a text shows.
//!
//! A signal is found in a text when its key ([`label_key`]: folded, without
//! white space) occurs in the key of the text. The text is not folded
//! whole: each signal key is searched by one of its characters, its
//! *anchor*, and only around each place a text character folds to the
//! anchor is the text folded, forwards and backwards, as far as the
//! comparison goes. Folding goes character by character, so a key occurs in
//! the folded text exactly when, at some character folding to its anchor,
//! the folded text before ends with the key's part before the anchor and
//! the folded text after starts with its part after.
//!
//! Searching a text for a character costs about as much as finding a couple
//! of dozen places where it occurs, so the anchors are chosen to be few and
//! rare: as few characters as cover every key, weighted by how often the
//! grammars' own labels (which reports are made of) use them.

use memchr::memmem::Finder;

use crate::grammar::Grammar;
use crate::label::Label;
use crate::normalize::{
    char_code, fold_sources, key_ends_with, key_starts_with, label_key, plain_at, plain_before,
};

/// The signal keys of all grammars, compiled once: each distinct key, the
/// anchors they are searched by, and each grammar's signals by key.
#[derive(Clone, Debug, Default)]
pub(crate) struct Signals {
    pub(crate) keys: Vec<String>,
    anchors: Vec<Anchor>,
    pub(crate) of_grammar: Vec<GrammarSignals>,
}

/// One grammar's signals and counter-signals, by their index in
/// [`Signals::keys`] (`None` for a label with an empty body, which is never
/// found).
#[derive(Clone, Debug, Default)]
pub(crate) struct GrammarSignals {
    /// Each signal's key, and whether it is the grammar's own: a variant's
    /// signal that its parent lacks (none is, in a grammar that is no
    /// variant).
    pub(crate) signals: Vec<(Option<usize>, bool)>,
    pub(crate) against: Vec<Option<usize>>,
    /// Whether the grammar extends another of the grammars.
    pub(crate) variant: bool,
}

/// A character some keys are searched by: a searcher for each character of
/// a text that folds to it ([`fold_sources`]), and the keys.
#[derive(Clone, Debug)]
struct Anchor {
    sources: Vec<Finder<'static>>,
    members: Vec<Member>,
}

/// A key searched by an anchor, and where the anchor stands in it.
#[derive(Clone, Debug)]
struct Member {
    key: usize,
    /// The key's parts before and after the anchor.
    head: Box<str>,
    tail: Box<str>,
    /// The codes ([`char_code`]) of the key's characters just before and
    /// just after the anchor, if any: a text whose plain characters there
    /// differ cannot show the key there.
    before: Option<u32>,
    after: Option<u32>,
}

/// The weight of searching for one character, against that of finding it
/// once more for each time the grammars' labels use it: a search costs as
/// much as a few dozen places found.
const SEARCH_WEIGHT: u64 = 90;

/// How many choices of anchors are weighed at most before the best so far
/// is taken (any choice that covers every key finds the same).
const SEARCH_BUDGET: usize = 20_000;

impl Signals {
    pub(crate) fn new(grammars: &[Grammar]) -> Signals {
        let mut keys: Vec<String> = Vec::new();
        let mut index = |l: &Label| -> Option<usize> {
            if l.body().is_empty() {
                return None;
            }
            let k = label_key(&l.text);
            Some(keys.iter().position(|x| *x == k).unwrap_or_else(|| {
                keys.push(k);
                keys.len() - 1
            }))
        };
        let of_grammar = grammars
            .iter()
            .map(|g| {
                let parent = g
                    .extends
                    .as_deref()
                    .and_then(|p| grammars.iter().find(|x| x.id == p));
                let own = |l: &Label| {
                    parent.is_some_and(|p| !p.detect.signals.iter().any(|s| s.text == l.text))
                };
                GrammarSignals {
                    signals: g
                        .detect
                        .signals
                        .iter()
                        .map(|l| (index(l), own(l)))
                        .collect(),
                    against: g.detect.against.iter().map(&mut index).collect(),
                    variant: parent.is_some(),
                }
            })
            .collect();
        let uses = label_uses(grammars, &keys);
        let weight = |c: char| fold_sources(c).len() as u64 * (SEARCH_WEIGHT + uses.get(c));
        let chosen = choose_anchors(&keys, &weight);
        // each key by its lightest chosen character (a key is never empty:
        // an empty body is no key)
        let anchor_of = |key: &str| {
            key.char_indices()
                .filter(|(_, c)| chosen.contains(c))
                .min_by_key(|&(i, c)| (weight(c), i))
                .map_or(0, |(i, _)| i)
        };
        Signals::with_anchors(keys, of_grammar, anchor_of)
    }

    /// The signals of `keys`, each searched by its character starting at
    /// byte `anchor_of(key)`.
    fn with_anchors(
        keys: Vec<String>,
        of_grammar: Vec<GrammarSignals>,
        anchor_of: impl Fn(&str) -> usize,
    ) -> Signals {
        let mut anchors: Vec<(char, Anchor)> = Vec::new();
        for (k, key) in keys.iter().enumerate() {
            let start = anchor_of(key);
            let Some(a) = key[start..].chars().next() else {
                continue;
            };
            let end = start + a.len_utf8();
            let member = Member {
                key: k,
                head: key[..start].into(),
                tail: key[end..].into(),
                before: key[..start].chars().next_back().map(code),
                after: key[end..].chars().next().map(code),
            };
            match anchors.iter_mut().find(|(c, _)| *c == a) {
                Some((_, anchor)) => anchor.members.push(member),
                None => anchors.push((
                    a,
                    Anchor {
                        sources: fold_sources(a)
                            .into_iter()
                            .map(|c| {
                                Finder::new(c.encode_utf8(&mut [0; 4]).as_bytes()).into_owned()
                            })
                            .collect(),
                        members: vec![member],
                    },
                )),
            }
        }
        Signals {
            keys,
            anchors: anchors.into_iter().map(|(_, a)| a).collect(),
            of_grammar,
        }
    }

    /// Which keys occur in the key of `text` ([`label_key`]): each anchor's
    /// sources are searched for, and at each one found, the keys of the
    /// anchor not yet found are compared around it.
    pub(crate) fn found_in(&self, text: &str) -> Vec<bool> {
        let mut hits = vec![false; self.keys.len()];
        let b = text.as_bytes();
        for anchor in &self.anchors {
            let mut left = anchor.members.len();
            'sources: for finder in &anchor.sources {
                let n = finder.needle().len();
                let mut from = 0;
                while let Some(i) = finder.find(&b[from..]) {
                    // a whole character was found: `at` and `at + n` are
                    // boundaries
                    let at = from + i;
                    from = at + n;
                    let (before, after) = (plain_before(b, at), plain_at(b, at + n));
                    for m in &anchor.members {
                        if differ(before, m.before)
                            || differ(after, m.after)
                            || hits[m.key]
                            || !Self::shows(text, at, at + n, m)
                        {
                            continue;
                        }
                        hits[m.key] = true;
                        left -= 1;
                        if left == 0 {
                            break 'sources;
                        }
                    }
                }
            }
        }
        hits
    }

    /// Whether the key of `m` occurs in the key of `text` with its anchor
    /// at the character `start..end` of `text`.
    fn shows(text: &str, start: usize, end: usize, m: &Member) -> bool {
        key_starts_with(text.get(end..).unwrap_or_default(), &m.tail)
            && key_ends_with(text.get(..start).unwrap_or_default(), &m.head)
    }
}

/// The code ([`char_code`]) of `c`.
fn code(c: char) -> u32 {
    char_code(c.encode_utf8(&mut [0; 4]).as_bytes())
}

/// Whether a plain character of the text (`text`, `None` when the text's
/// character is not plain or there is none) is certain to differ from the
/// key's character there (`key`, `None` when the key ends there).
#[inline]
fn differ(text: Option<u32>, key: Option<u32>) -> bool {
    matches!((text, key), (Some(t), Some(k)) if t != k)
}

/// How many times each character of `keys` occurs in the labels of
/// `grammars` (as written): how common it is in the reports they read.
fn label_uses(grammars: &[Grammar], keys: &[String]) -> CharCounts {
    let mut counts = CharCounts::new(keys.iter().flat_map(|k| k.chars()));
    let mut add = |l: &Label| l.text.chars().for_each(|c| counts.add(c));
    for g in grammars {
        g.detect.signals.iter().for_each(&mut add);
        g.detect.against.iter().for_each(&mut add);
        for s in &g.sections {
            s.headings.iter().for_each(&mut add);
        }
        for t in &g.tables {
            t.captions.iter().for_each(&mut add);
            t.header.iter().for_each(&mut add);
            for c in &t.columns {
                c.labels.iter().for_each(&mut add);
            }
            for r in &t.rows {
                r.labels.iter().for_each(&mut add);
            }
        }
    }
    counts
}

/// A count for each of a few characters, in an open-addressed table (the
/// labels of a grammar have thousands of characters: each is looked up in a
/// step or two).
struct CharCounts {
    /// The characters, [`CharCounts::EMPTY`] in a free slot.
    chars: Vec<u32>,
    counts: Vec<u64>,
    /// `chars.len() - 1` (a power of two less one).
    mask: usize,
}

impl CharCounts {
    /// No character.
    const EMPTY: u32 = u32::MAX;

    /// A count of zero for each of `chars`.
    fn new(chars: impl Iterator<Item = char> + Clone) -> CharCounts {
        let size = (chars.clone().count() * 2).next_power_of_two().max(16);
        let mut counts = CharCounts {
            chars: vec![Self::EMPTY; size],
            counts: vec![0; size],
            mask: size - 1,
        };
        for c in chars {
            let slot = counts.slot(c);
            counts.chars[slot] = c as u32;
        }
        counts
    }

    /// The slot of `c`, or the free one where it would go.
    #[inline]
    fn slot(&self, c: char) -> usize {
        let mut slot = ((c as u32).wrapping_mul(0x9E37_79B9) >> 16) as usize & self.mask;
        while self.chars[slot] != c as u32 && self.chars[slot] != Self::EMPTY {
            slot = (slot + 1) & self.mask;
        }
        slot
    }

    /// Counts `c` once more, if it is one of the characters.
    #[inline]
    fn add(&mut self, c: char) {
        let slot = self.slot(c);
        if self.chars[slot] == c as u32 {
            self.counts[slot] += 1;
        }
    }

    /// The count of `c` (0 for any other character).
    fn get(&self, c: char) -> u64 {
        let slot = self.slot(c);
        if self.chars[slot] == c as u32 {
            self.counts[slot]
        } else {
            0
        }
    }
}

/// The anchors: a set of characters such that every key holds one, of
/// least total `weight`.
///
/// A character is left out when another one weighs no more and is in every
/// key it is in. The others are tried, for the first key left without one
/// (keys whose lightest character weighs most first), each in turn, a
/// choice dropped as soon as it weighs as much as the best found (at the
/// start, the greedy choice) together with the lightest characters of the
/// keys left that share none. After [`SEARCH_BUDGET`] choices, the best
/// found so far; with more than 128 keys (or characters left), no search:
/// each key's lightest character (or the greedy choice).
fn choose_anchors(keys: &[String], weight: &dyn Fn(char) -> u64) -> Vec<char> {
    // the distinct characters, each with its weight and the keys holding it
    let mut chars: Vec<(char, u64, u128)> = Vec::new();
    for (k, key) in keys.iter().enumerate() {
        let bit = 1u128.checked_shl(k as u32).unwrap_or(0);
        for c in key.chars() {
            match chars.iter_mut().find(|(d, ..)| *d == c) {
                Some((.., mask)) => *mask |= bit,
                None => chars.push((c, weight(c), bit)),
            }
        }
    }
    chars.sort_by_key(|&(c, w, _)| (w, c));
    if keys.is_empty() {
        return Vec::new();
    }
    if keys.len() > 128 {
        // each key's lightest character
        return keys
            .iter()
            .filter_map(|k| k.chars().min_by_key(|&c| (weight(c), c)))
            .collect();
    }
    let greedy = greedy_cover(keys.len(), &chars);
    // (sorted by weight: one that dominates another comes first)
    let kept: Vec<(char, u64, u128)> = chars
        .iter()
        .enumerate()
        .filter(|&(i, &(_, _, mask))| !chars[..i].iter().any(|&(.., m)| mask & !m == 0))
        .map(|(_, &c)| c)
        .collect();
    if kept.len() > 128 {
        return greedy.1;
    }
    let mut options: Vec<KeyOptions> = (0..keys.len())
        .map(|k| {
            let bit = 1u128 << k;
            let mut chars = 0u128;
            let mut of_key = Vec::new();
            for (i, &(c, w, mask)) in kept.iter().enumerate() {
                if mask & bit != 0 {
                    chars |= 1 << i;
                    of_key.push((c, w, mask));
                }
            }
            KeyOptions {
                bit,
                chars,
                options: of_key,
            }
        })
        .collect();
    options.sort_by_key(|o| std::cmp::Reverse(o.options.first().map_or(0, |c| c.1)));
    let mut search = Search {
        keys: &options,
        best: greedy,
        budget: SEARCH_BUDGET,
    };
    search.run(&mut Vec::new(), 0, 0);
    search.best.1
}

/// A first choice of anchors among `chars` (character, weight, keys holding
/// it; by weight) for `keys` keys (at most 128), and its weight: the
/// character of least weight for each key it covers, again and again until
/// every key is covered.
fn greedy_cover(keys: usize, chars: &[(char, u64, u128)]) -> (u64, Vec<char>) {
    let mut left = u128::MAX >> (128 - keys);
    let mut chosen: Vec<char> = Vec::new();
    let mut cost = 0;
    // (compared as fractions: weight over keys covered)
    while let Some(&(c, w, mask)) = chars.iter().filter(|(.., m)| m & left != 0).min_by(|a, b| {
        let (na, nb) = ((a.2 & left).count_ones(), (b.2 & left).count_ones());
        (a.1 * u64::from(nb)).cmp(&(b.1 * u64::from(na)))
    }) {
        left &= !mask;
        chosen.push(c);
        cost += w;
    }
    (cost, chosen)
}

/// A key in [`choose_anchors`]: its bit, and the characters it may be
/// found by (character, weight, keys holding it; by weight), also as bits
/// (of their indices among all characters weighed).
struct KeyOptions {
    bit: u128,
    chars: u128,
    options: Vec<(char, u64, u128)>,
}

/// The state of [`choose_anchors`]: the keys, the best choice so far and
/// its weight, how many more choices may be weighed.
struct Search<'a> {
    keys: &'a [KeyOptions],
    best: (u64, Vec<char>),
    budget: usize,
}

impl Search<'_> {
    fn run(&mut self, chosen: &mut Vec<char>, covered: u128, cost: u64) {
        if self.budget == 0 {
            return;
        }
        self.budget -= 1;
        let keys = self.keys;
        let mut left = keys.iter().filter(|k| covered & k.bit == 0);
        let Some(key) = left.next() else {
            if cost < self.best.0 {
                self.best = (cost, chosen.clone());
            }
            return;
        };
        // keys left that share no character need as many characters, each
        // at least the lightest of its key
        let mut used = key.chars;
        let mut bound = 0;
        for k in left {
            if k.chars & used == 0 {
                used |= k.chars;
                bound += k.options.first().map_or(0, |o| o.1);
            }
        }
        for &(c, w, mask) in &key.options {
            if cost + w + bound >= self.best.0 {
                // (the characters come by weight: the rest weigh more)
                break;
            }
            chosen.push(c);
            self.run(chosen, covered | mask, cost + w);
            chosen.pop();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::sample_reports;

    /// The keys found the plain way: the whole text folded, each key
    /// searched for in it.
    fn found_plainly(signals: &Signals, text: &str) -> Vec<bool> {
        let key = label_key(text);
        signals
            .keys
            .iter()
            .map(|k| key.contains(k.as_str()))
            .collect()
    }

    /// The bundled signals, and the same keys anchored at their `n`th
    /// character (counted round each key), for every `n` up to the longest
    /// key: every place an anchor can stand, ASCII and full-width included.
    fn every_anchoring() -> Vec<Signals> {
        let bundled = Signals::new(crate::grammar::bundled());
        let longest = bundled.keys.iter().map(|k| k.chars().count()).max();
        let mut all: Vec<Signals> = (0..longest.unwrap_or(0))
            .map(|n| {
                Signals::with_anchors(bundled.keys.clone(), Vec::new(), |key: &str| {
                    let chars: Vec<(usize, char)> = key.char_indices().collect();
                    chars[n % chars.len()].0
                })
            })
            .collect();
        all.insert(0, bundled);
        all
    }

    /// Texts that write the keys with what folding removes or replaces:
    /// white space and line breaks inside, between any two characters,
    /// full-width forms, cut short at either end, a character changed, at
    /// the very start or end, after the start of another key.
    fn crafted(keys: &[String]) -> Vec<String> {
        let mut texts = Vec::new();
        let wide = |c: char| match c {
            '!'..='~' => char::from_u32(c as u32 + 0xFEE0).unwrap_or(c),
            _ => c,
        };
        for k in keys {
            let chars: Vec<char> = k.chars().collect();
            let n = chars.len();
            let spaced: String = chars.iter().flat_map(|c| [*c, ' ']).collect();
            let broken: String = chars.iter().flat_map(|c| [*c, '\r', '\n', '\t']).collect();
            let wide_key: String = k.chars().map(wide).collect();
            let cut: String = chars[..n - 1].iter().collect();
            let tail: String = chars[1..].iter().collect();
            let first = chars[0];
            texts.extend([
                k.clone(),
                spaced,
                broken,
                wide_key.clone(),
                format!("x{wide_key}"),
                cut.clone(),
                tail.clone(),
                format!("{cut}。{k}"),
                format!("{first}{first}{k}"),
                format!("{cut}\u{3000}{}", chars[n - 1]),
                format!("\u{200B}{k}\u{FEFF}"),
                format!("{k}{k}"),
                format!("{tail}{cut}"),
            ]);
            for i in 0..n {
                let (head, rest): (String, String) =
                    (chars[..i].iter().collect(), chars[i..].iter().collect());
                for sep in [" ", "\r\n", "\u{3000}", "\u{200B}", "\t \u{00A0}", "。"] {
                    texts.push(format!("{head}{sep}{rest}"));
                    texts.push(format!("甲{head}{sep}{rest}乙"));
                }
                // one character changed, or made full-width
                let mut changed = chars.clone();
                changed[i] = if chars[i] == '乙' { '甲' } else { '乙' };
                texts.push(changed.iter().collect());
                changed[i] = wide(chars[i]);
                texts.push(changed.iter().collect());
            }
        }
        texts
    }

    #[test]
    fn signals_are_found_as_in_the_folded_text() {
        let all = every_anchoring();
        let signals = &all[0];
        assert!(signals.keys.len() > 10);
        let mut texts = sample_reports(21);
        texts.extend(crafted(&signals.keys));
        let mut found = vec![0; all.len()];
        for t in &texts {
            let plain = found_plainly(signals, t);
            for (s, n) in all.iter().zip(&mut found) {
                let hits = s.found_in(t);
                assert_eq!(hits, plain, "{t:?}");
                *n += hits.iter().filter(|&&h| h).count();
            }
        }
        // the check is not vacuous: most of the written keys are found
        for n in found {
            assert!(n > 40 * signals.keys.len(), "{n}");
        }
    }

    #[test]
    fn signals_are_found_as_in_the_folded_text_of_random_texts() {
        use rand::{Rng, SeedableRng};
        let all = every_anchoring();
        let keys = &all[0].keys;
        // pieces of keys, joined by what folding removes or replaces and by
        // other characters
        let seps = [
            "", "", "", " ", "\n", "\r\n", "\u{3000}", "\u{200B}", "\u{FEFF}", "、", "。", "x",
            "本年", "２", "／",
        ];
        let mut rng = rand::rngs::SmallRng::seed_from_u64(7);
        let (mut found, mut missed) = (0, 0);
        for _ in 0..3000 {
            let mut t = String::new();
            for _ in 0..rng.random_range(1..6) {
                let k: Vec<char> = keys[rng.random_range(0..keys.len())].chars().collect();
                // whole, or cut at either end
                let (mut from, mut to) = (0, k.len());
                if rng.random_ratio(1, 4) {
                    from = rng.random_range(0..=k.len() / 3);
                }
                if rng.random_ratio(1, 4) {
                    to = rng.random_range(k.len() * 2 / 3..=k.len());
                }
                for (i, c) in k[from..to].iter().enumerate() {
                    if i > 0 && rng.random_ratio(1, 6) {
                        t.push_str(seps[rng.random_range(0..seps.len())]);
                    }
                    match c {
                        '!'..='~' if rng.random_ratio(1, 3) => {
                            t.extend(char::from_u32(*c as u32 + 0xFEE0));
                        }
                        _ => t.push(*c),
                    }
                }
                t.push_str(seps[rng.random_range(0..seps.len())]);
            }
            let plain = found_plainly(&all[0], &t);
            for s in &all {
                assert_eq!(s.found_in(&t), plain, "{t:?}");
            }
            if plain.contains(&true) {
                found += 1;
            } else {
                missed += 1;
            }
        }
        // the check is not vacuous: keys are found in many of the texts,
        // and none in many
        assert!(found > 1000 && missed > 300, "{found} found, {missed} none");
    }

    #[test]
    fn anchors_are_few_and_cover_every_key() {
        let signals = Signals::new(crate::grammar::bundled());
        let covered: usize = signals.anchors.iter().map(|a| a.members.len()).sum();
        assert_eq!(covered, signals.keys.len());
        // (the bundled grammars' keys share few characters: five cover them)
        assert!(signals.anchors.len() <= 6, "{}", signals.anchors.len());
        // the weight of a choice only decides speed; every key holds one
        let keys: Vec<String> = ["ab", "bc", "cd", "x"].map(String::from).to_vec();
        let chosen = choose_anchors(&keys, &|c| if c == 'b' { 5 } else { 3 });
        assert!(keys.iter().all(|k| k.chars().any(|c| chosen.contains(&c))));
        assert_eq!(chosen.len(), 3, "{chosen:?}");
        assert!(choose_anchors(&[], &|_| 1).is_empty());
    }
}
