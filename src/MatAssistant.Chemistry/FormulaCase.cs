using System.Text;

namespace MatAssistant.Chemistry;

/// <summary>
/// Formulas typed in lower case ("licoo2", "fe2o3"): the case is restored where one reading is clearly the formula meant.
/// Every way of cutting the token into element symbols and counts is tried; readings with a rare heavy element (beyond
/// plutonium, or Po, At, Rn, Fr, Ra, Ac, Pa: "lifepo4" is not LiFePo4), the same element twice in a row or a single
/// element are dropped; of the rest, the charge-balanced readings are preferred (CompositionRules' default screen) and of
/// those the ones with the fewest symbols, and the token is restored only when exactly one remains ("licoo2" → LiCoO2,
/// not LiCOO2; "cspbi3" stays unread, CsPbI3 and CsPBi3 passing the screen alike). A token needs a digit: without one, English words cut into symbols too ("check" → C He C K).
/// Written here because the formula parser, rightly, reads case as given.
/// </summary>
public static class FormulaCase
{
    /// <summary>Heaviest element a restored formula may contain (Pu): beyond it, symbols are mostly misreadings.</summary>
    public const int MaxAtomicNumber = 94;

    // Heavy elements almost never in a formula typed in a chat, whose symbols are two common letters of others (po, ra, ac).
    private static readonly HashSet<string> Rare = ["Po", "At", "Rn", "Fr", "Ra", "Ac", "Pa"];

    /// <summary>The formula <paramref name="token"/> spells in lower case, when exactly one reading is plausible.</summary>
    public static bool TryRestore(string token, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? formula)
    {
        formula = null;
        if (token.Length < 3 || token.Length > 40 || !token.Any(char.IsAsciiDigit) || !token.Any(char.IsAsciiLetterLower)
            || token.Any(c => !(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '.')) || !char.IsAsciiLetterLower(token[0]))
        {
            return false;
        }

        var readings = new List<List<string>>();
        Cut(token, 0, [], readings);
        var plausible = readings
            .Where(r => r.Where(s => char.IsAsciiLetterUpper(s[0])).Distinct().Count() >= 2)
            .ToList();
        if (plausible.Count == 0)
        {
            return false;
        }

        // Charge-balanced readings first, then the fewest symbols.
        var parsed = plausible.Select(r => string.Concat(r)).Where(t => FormulaParser.TryParse(t, out _, out _)).Distinct().ToList();
        var valid = parsed.Where(t => FormulaParser.TryParse(t, out var c, out _) && Rules.Value.IsValid(c)).ToList();
        var pool = valid.Count > 0 ? valid : parsed;
        if (pool.Count == 0)
        {
            return false;
        }

        var fewest = pool.Min(Symbols);
        var best = pool.Where(t => Symbols(t) == fewest).ToList();
        if (best.Count != 1)
        {
            return false;
        }

        formula = best[0];
        return true;
    }

    private static readonly Lazy<CompositionRules> Rules = new(() => new CompositionRules());

    private static int Symbols(string formula) => formula.Count(char.IsAsciiLetterUpper);

    private static void Cut(string token, int at, List<string> parts, List<List<string>> readings)
    {
        if (readings.Count > 64)
        {
            return;
        }

        if (at == token.Length)
        {
            readings.Add([.. parts]);
            return;
        }

        if (char.IsAsciiDigit(token[at]) || token[at] == '.')
        {
            // A count follows a symbol and does not start with 0 ("o0" is no formula).
            if (parts.Count == 0 || !char.IsAsciiLetterUpper(parts[^1][0]) || token[at] is '0' or '.')
            {
                return;
            }

            var end = at;
            while (end < token.Length && (char.IsAsciiDigit(token[end]) || token[end] == '.'))
            {
                end++;
            }

            parts.Add(token[at..end]);
            Cut(token, end, parts, readings);
            parts.RemoveAt(parts.Count - 1);
            return;
        }

        foreach (var length in new[] { 2, 1 })
        {
            if (at + length > token.Length || !token.Substring(at, length).All(char.IsAsciiLetterLower))
            {
                continue;
            }

            var symbol = new StringBuilder().Append(char.ToUpperInvariant(token[at])).Append(token, at + 1, length - 1).ToString();
            // The same element twice in a row ("LiCOO2") is how no one writes a formula.
            var previous = parts.LastOrDefault(p => char.IsAsciiLetterUpper(p[0]));
            if (!ElementTable.Default.TryGet(symbol, out var element) || element.AtomicNumber > MaxAtomicNumber || Rare.Contains(symbol) || previous == symbol)
            {
                continue;
            }

            parts.Add(symbol);
            Cut(token, at + length, parts, readings);
            parts.RemoveAt(parts.Count - 1);
        }
    }
}
