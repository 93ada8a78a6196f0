// Which enabled locale suits a reader: their browser's languages against /api/v1/locales/.
//
// The reader's languages are tried in order; for each, an exact match first, then the
// same language in the same script ("es-MX" finds "es", "pt" finds "pt-BR", "zh-CN"
// finds "zh-Hans", "zh-TW" does not). Nothing suits -> the source locale.

export function chooseLocale(available, preferred = navigatorLanguages(), fallback = null) {
  const codes = available.map((code) => ({ code, key: languageAndScript(code) }));
  for (const wanted of preferred) {
    const exact = codes.find((c) => c.code.toLowerCase() === String(wanted).toLowerCase());
    if (exact) return exact.code;
    const key = languageAndScript(wanted);
    const close = key && codes.find((c) => c.key === key);
    if (close) return close.code;
  }
  return fallback || available[0] || null;
}

function languageAndScript(tag) {
  try {
    const locale = new Intl.Locale(tag).maximize();
    return `${locale.language}-${locale.script || ""}`;
  } catch {
    return null; // not a language tag
  }
}

function navigatorLanguages() {
  const nav = globalThis.navigator;
  if (!nav) return [];
  return nav.languages && nav.languages.length ? nav.languages : [nav.language].filter(Boolean);
}
