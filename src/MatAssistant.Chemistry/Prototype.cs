using System.Text.RegularExpressions;

namespace MatAssistant.Chemistry;

/// <summary>
/// A stoichiometry prototype such as <c>ABO3</c> (perovskite) or <c>AB2O4</c> (spinel): site letters with counts, some sites
/// fixed to an element. Only the formula's stoichiometry is checked: the structure type itself (corner-sharing octahedra,
/// the spinel's cation distribution) is not, since the product works on compositions.
/// </summary>
/// <param name="Text">The prototype as written.</param>
/// <param name="Sites">Each site: a placeholder letter (null element) or a fixed element symbol, with its count.</param>
/// <param name="Name">The structure-type name when it came from one (<c>perovskite</c>).</param>
public sealed partial record Prototype(string Text, IReadOnlyList<(string Label, string? Element, int Count)> Sites, string? Name = null)
{
    /// <summary>
    /// Letters read as sites rather than elements. B and C are boron and carbon elsewhere, but in a prototype (ABO3, ABC)
    /// they are always sites; write boron or carbon into a prototype through the <c>include</c> field instead.
    /// </summary>
    public const string PlaceholderLetters = "ABCDMTXZRQ";

    /// <summary>Named structure types and the stoichiometry each implies; types without a fixed simple stoichiometry (NASICON) are not listed.</summary>
    public static IReadOnlyDictionary<string, string> Named { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["perovskite"] = "ABO3",
        ["ilmenite"] = "ABO3",
        ["spinel"] = "AB2O4",
        ["olivine"] = "A2BO4",
        ["pyrochlore"] = "A2B2O7",
        ["garnet"] = "A3B2C3O12",
        ["delafossite"] = "ABO2",
        ["rocksalt"] = "AB",
        ["rock-salt"] = "AB",
        ["zincblende"] = "AB",
        ["zinc-blende"] = "AB",
        ["wurtzite"] = "AB",
        ["fluorite"] = "AB2",
        ["antifluorite"] = "A2B",
        ["rutile"] = "AB2",
        ["corundum"] = "A2B3",
        ["kesterite"] = "A2BCX4",
        ["stannite"] = "A2BCX4",
        ["chalcopyrite"] = "ABX2",
        ["half-heusler"] = "ABC",
        ["heusler"] = "A2BC",
        ["ruddlesden-popper"] = "A2BO4",
        ["double perovskite"] = "A2BCO6",
    };

    /// <summary>Reads <c>ABO3</c>, <c>AB2O4</c>, <c>A2BCX4</c> or a name from <see cref="Named"/>; false with a reason otherwise.</summary>
    public static bool TryParse(string text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Prototype? prototype, out string problem)
    {
        ArgumentNullException.ThrowIfNull(text);
        prototype = null;
        var trimmed = text.Trim();
        string? name = null;
        if (Named.TryGetValue(trimmed.Replace('_', ' '), out var implied))
        {
            name = trimmed.ToLowerInvariant();
            trimmed = implied;
        }

        if (!Pattern().IsMatch(trimmed))
        {
            problem = $"'{text}' is not a stoichiometry prototype: write site letters and element symbols with counts (ABO3, AB2O4) or a structure type ({string.Join(", ", Named.Keys.Take(8))}, …).";
            return false;
        }

        var sites = new List<(string, string?, int)>();
        foreach (Match m in Token().Matches(trimmed))
        {
            var label = m.Groups[1].Value;
            var count = m.Groups[2].Success && m.Groups[2].Value.Length > 0 ? int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) : 1;
            if (count is < 1 or > 100)
            {
                problem = $"site {label} of '{text}' has count {count}; counts run from 1 to 100.";
                return false;
            }

            string? element = null;
            if (!(label.Length == 1 && PlaceholderLetters.Contains(label[0], StringComparison.Ordinal)))
            {
                if (!ElementTable.Default.TryGet(label, out var e))
                {
                    problem = $"'{label}' in prototype '{text}' is neither a site letter ({PlaceholderLetters}) nor an element symbol.";
                    return false;
                }

                element = e.Symbol;
            }

            if (sites.Any(s => s.Item1 == label))
            {
                problem = $"site {label} appears twice in prototype '{text}'.";
                return false;
            }

            sites.Add((label, element, count));
        }

        prototype = new Prototype(text.Trim(), sites, name);
        problem = string.Empty;
        return true;
    }

    /// <summary>Atoms in the reduced formula unit (ABO3: 5; A2B2O7: 11; A2B2O6 reduces to ABO3: 5).</summary>
    public int FormulaUnitAtoms => Sites.Sum(s => s.Count) / Sites.Select(s => s.Count).Aggregate(Gcd);

    /// <summary>
    /// True when the reduced composition has exactly one element per site, fixed sites hold their element, and the counts
    /// are those of the prototype times one common factor (Sr2Ti2O6 matches ABO3).
    /// </summary>
    public bool Matches(Composition composition)
    {
        ArgumentNullException.ThrowIfNull(composition);
        if (composition.ElementCount != Sites.Count)
        {
            return false;
        }

        var counts = new int[composition.ElementCount];
        if (!composition.TryGetReducedCounts(counts))
        {
            return false;
        }

        var amounts = composition.Elements.Select((e, i) => (e.Symbol, Count: counts[i])).ToList();
        var gcd = Sites.Select(s => s.Count).Aggregate(Gcd);
        var pattern = Sites.Select(s => s with { Count = s.Count / gcd }).ToList();
        var factor = 0;
        var free = new List<(string Symbol, int Count)>(amounts);
        foreach (var site in pattern.Where(s => s.Element is not null))
        {
            var found = free.FindIndex(a => a.Symbol == site.Element);
            if (found < 0 || !Scale(free[found].Count, site.Count, ref factor))
            {
                return false;
            }

            free.RemoveAt(found);
        }

        var open = pattern.Where(s => s.Element is null).Select(s => s.Count).OrderBy(c => c).ToList();
        var left = free.Select(a => a.Count).OrderBy(c => c).ToList();
        if (factor == 0)
        {
            // No fixed site: the factor comes from the smallest counts.
            if (left[0] % open[0] != 0)
            {
                return false;
            }

            factor = left[0] / open[0];
        }

        return open.Zip(left).All(p => p.First * factor == p.Second);
    }

    private static bool Scale(int actual, int expected, ref int factor)
    {
        if (actual % expected != 0)
        {
            return false;
        }

        var f = actual / expected;
        if (factor != 0 && f != factor)
        {
            return false;
        }

        factor = f;
        return true;
    }

    private static int Gcd(int a, int b) => b == 0 ? a : Gcd(b, a % b);

    [GeneratedRegex(@"^(?:[A-Z][a-z]?\d*)+$")]
    private static partial Regex Pattern();

    [GeneratedRegex(@"([A-Z][a-z]?)(\d*)")]
    private static partial Regex Token();
}
