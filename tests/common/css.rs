//! The colours of an exported page as a browser shows it on a screen, read from its own style
//! sheet: enough of the cascade (specificity, order, `@media screen`) to tell each text's colour
//! and what it is drawn on, and WCAG 2's contrast between them.

use scraper::{ElementRef, Html, Selector};

/// WCAG 2's relative luminance of an sRGB colour.
fn luminance(c: [u8; 3]) -> f64 {
    let lin = |v: u8| {
        let v = f64::from(v) / 255.0;
        if v <= 0.04045 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(c[0]) + 0.7152 * lin(c[1]) + 0.0722 * lin(c[2])
}

/// WCAG 2's contrast ratio, 1 to 21.
pub fn contrast(a: [u8; 3], b: [u8; 3]) -> f64 {
    let (a, b) = (luminance(a), luminance(b));
    (a.max(b) + 0.05) / (a.min(b) + 0.05)
}

/// Asserts that every text of the page `raw` (an SVG inside aside, checked on its own) stands
/// out from what it is drawn on by 4.5:1 at least; returns the pairs of colours checked.
/// `what` names the page in failures.
pub fn assert_contrast(raw: &str, what: &str) -> std::collections::HashSet<([u8; 3], [u8; 3])> {
    let doc = Html::parse_document(raw);
    let select = |css: &str| -> Vec<ElementRef<'_>> {
        let selector = Selector::parse(css).expect("a CSS selector");
        doc.select(&selector).collect()
    };
    let css: String = select("style")
        .into_iter()
        .map(|e| e.text().collect::<String>())
        .collect();
    let rules = screen_rules(&css);
    assert!(rules.len() > 10, "{} rules read from {css}", rules.len());
    let mut checked = std::collections::HashSet::new();
    for element in select("body *") {
        // The card inside is SVG, checked on its own.
        if element
            .ancestors()
            .any(|a| a.value().as_element().is_some_and(|e| e.name() == "svg"))
            || element.value().name() == "svg"
        {
            continue;
        }
        let own_text: String = element
            .children()
            .filter_map(|c| c.value().as_text().map(|t| t.to_string()))
            .collect();
        if own_text.trim().is_empty() {
            continue;
        }
        let (fg, bg) = (text_colour(&rules, element), backdrop(&rules, element));
        let ratio = contrast(fg, bg);
        assert!(
            ratio >= 4.5,
            "{what}: {:?} in <{} class={:?}> is {fg:?} on {bg:?}, {ratio:.2}:1",
            own_text.trim(),
            element.value().name(),
            element.value().attr("class")
        );
        checked.insert((fg, bg));
    }
    checked
}

/// A rule of the report's screen style: its selector, how specific it is, and its declarations.
struct CssRule {
    selector: Selector,
    specificity: (usize, usize, usize),
    order: usize,
    declarations: Vec<(String, String)>,
}

/// How specific one selector is: ids, then classes / attributes / pseudo-classes, then types.
fn specificity(selector: &str) -> (usize, usize, usize) {
    let mut s = (0, 0, 0);
    for part in selector
        .split([' ', '>', '+', '~'])
        .filter(|p| !p.is_empty())
    {
        let mut rest = part;
        if rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
            s.2 += 1;
        }
        while let Some(i) = rest.find(['#', '.', '[', ':']) {
            match rest.as_bytes()[i] {
                b'#' => s.0 += 1,
                _ => s.1 += 1,
            }
            rest = &rest[i + 1..];
        }
    }
    s
}

/// The rules of `css` that apply on a screen: those at the top level and inside
/// `@media screen`, in order; `@media print` and `@page` are left out.
fn screen_rules(css: &str) -> Vec<CssRule> {
    fn parse(css: &str, rules: &mut Vec<CssRule>) {
        let mut rest = css;
        while let Some(open) = rest.find('{') {
            let prelude = rest[..open].trim();
            // The matching brace, blocks inside included.
            let mut depth = 0;
            let mut close = open;
            for (i, c) in rest[open..].char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            close = open + i;
                            break;
                        }
                    }
                    _ => {}
                }
            }
            let body = &rest[open + 1..close];
            if prelude.starts_with("@media screen") {
                parse(body, rules);
            } else if !prelude.starts_with('@') {
                let declarations = body
                    .split(';')
                    .filter_map(|d| d.split_once(':'))
                    .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
                    .collect();
                for one in prelude.split(',') {
                    let one = one.trim();
                    rules.push(CssRule {
                        selector: Selector::parse(one).expect("a selector"),
                        specificity: specificity(one),
                        order: rules.len(),
                        declarations: Vec::clone(&declarations),
                    });
                }
            }
            rest = &rest[close + 1..];
        }
    }
    let mut rules = Vec::new();
    parse(css, &mut rules);
    rules
}

/// The value `property` takes on `element` by the cascade of `rules` (no inheritance).
fn declared(rules: &[CssRule], element: ElementRef, property: &str) -> Option<String> {
    rules
        .iter()
        .filter(|r| r.selector.matches(&element))
        .filter_map(|r| {
            let value = r.declarations.iter().rev().find(|(k, _)| {
                k == property || (property == "background-color" && k == "background")
            })?;
            Some(((r.specificity, r.order), value.1.clone()))
        })
        .max_by(|a, b| a.0.cmp(&b.0))
        .map(|(_, v)| v)
}

/// The first `#rrggbb` in a CSS value.
fn css_hex(value: &str) -> Option<[u8; 3]> {
    let i = value.find('#')?;
    let digits = value.get(i + 1..i + 7)?;
    u32::from_str_radix(digits, 16)
        .ok()
        .map(|c| [(c >> 16) as u8, (c >> 8) as u8, c as u8])
}

/// An element's text colour: its own, else its parent's; a link the browser's blue unless
/// the style says otherwise.
fn text_colour(rules: &[CssRule], element: ElementRef) -> [u8; 3] {
    match declared(rules, element, "color") {
        Some(v) if v != "inherit" => css_hex(&v).expect("a colour in #rrggbb"),
        None if element.value().name() == "a" => [0x00, 0x00, 0xee],
        _ => element
            .parent()
            .and_then(ElementRef::wrap)
            .map_or([0, 0, 0], |p| text_colour(rules, p)),
    }
}

/// What an element is drawn on: the background of it or of its nearest ancestor that has one,
/// else the browser's white.
fn backdrop(rules: &[CssRule], element: ElementRef) -> [u8; 3] {
    declared(rules, element, "background-color")
        .and_then(|v| css_hex(&v))
        .or_else(|| {
            element
                .parent()
                .and_then(ElementRef::wrap)
                .map(|p| backdrop(rules, p))
        })
        .unwrap_or([0xff, 0xff, 0xff])
}
