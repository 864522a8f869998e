namespace MatAssistant.Chemistry;

/// <summary>A named group of elements that requests use ("no rare earths", "a halogen", "transition-metal oxides").</summary>
/// <param name="Name">The contract name, snake_case (<c>rare_earth</c>).</param>
/// <param name="Description">What the family is, for a person, with the definition used where definitions differ.</param>
/// <param name="Members">Element symbols, in atomic-number order.</param>
public sealed record ElementFamily(string Name, string Description, IReadOnlyList<string> Members)
{
    public bool Contains(string symbol) => Members.Contains(symbol, StringComparer.Ordinal);
}

/// <summary>
/// The element families of the request contracts (docs/contracts.md). Membership follows IUPAC's 2005 recommendations
/// (Red Book IR-3.5) where IUPAC defines the group; <c>toxic</c> and <c>metalloid</c> are conventions and say whose.
/// Periodic-table groups are derived from the element table, so a family cannot disagree with it.
/// </summary>
public static class ElementFamilies
{
    private static readonly Lazy<IReadOnlyDictionary<string, ElementFamily>> LazyAll = new(Build);

    /// <summary>Every family by name.</summary>
    public static IReadOnlyDictionary<string, ElementFamily> All => LazyAll.Value;

    /// <summary>The family called <paramref name="name"/> (case-insensitive; <c>-</c>, spaces and a plural <c>s</c> are accepted: "rare earths", "alkaline-earth").</summary>
    public static bool TryGet(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ElementFamily? family)
    {
        ArgumentNullException.ThrowIfNull(name);
        var key = name.Trim().ToLowerInvariant().Replace('-', '_').Replace(' ', '_');
        if (All.TryGetValue(key, out family))
        {
            return true;
        }

        if (key.EndsWith('s') && All.TryGetValue(key[..^1], out family))
        {
            return true;
        }

        family = null;
        return false;
    }

    /// <summary>
    /// Expands symbols and family names into element symbols, in order and without repeats; throws
    /// <see cref="ArgumentException"/> naming the item that is neither (so a typo is never dropped silently).
    /// </summary>
    public static IReadOnlyList<string> Expand(IEnumerable<string> symbolsOrFamilies, string what)
    {
        ArgumentNullException.ThrowIfNull(symbolsOrFamilies);
        var result = new List<string>();
        foreach (var raw in symbolsOrFamilies)
        {
            var item = raw?.Trim() ?? string.Empty;
            IEnumerable<string> members;
            if (ElementTable.Default.TryGet(item, out var element))
            {
                members = [element.Symbol];
            }
            else if (TryGet(item, out var family))
            {
                members = family.Members;
            }
            else
            {
                throw new ArgumentException($"'{raw}' in {what} is neither an element symbol (Li, Mn, O) nor a family ({string.Join(", ", All.Keys)}).", what);
            }

            foreach (var m in members)
            {
                if (!result.Contains(m, StringComparer.Ordinal))
                {
                    result.Add(m);
                }
            }
        }

        return result;
    }

    private static Dictionary<string, ElementFamily> Build()
    {
        var table = ElementTable.Default.Elements;
        string[] Where(Func<Element, bool> predicate) => table.Where(predicate).Select(e => e.Symbol).ToArray();
        static string[] Symbols(string list) => list.Split(' ', StringSplitOptions.RemoveEmptyEntries);

        var lanthanides = Where(e => e.AtomicNumber is >= 57 and <= 71);
        var families = new ElementFamily[]
        {
            new("alkali", "Group 1 metals Li–Fr (hydrogen excluded).", Where(e => e.Group == 1 && e.Symbol != "H")),
            new("alkaline_earth", "Group 2 metals Be–Ra.", Where(e => e.Group == 2)),
            new("transition_metal", "Groups 3–12 (IUPAC's wider definition, with Zn, Cd, Hg), lanthanides and actinides apart.",
                Where(e => e.Group is >= 3 and <= 12 && e.AtomicNumber is not (>= 57 and <= 71) and not (>= 89 and <= 103))),
            new("3d_transition_metal", "Sc–Zn.", Where(e => e.AtomicNumber is >= 21 and <= 30)),
            new("4d_transition_metal", "Y–Cd.", Where(e => e.AtomicNumber is >= 39 and <= 48)),
            new("5d_transition_metal", "La–Hg without the other lanthanides (La, Hf–Hg).", Where(e => e.AtomicNumber is 57 or (>= 72 and <= 80))),
            new("lanthanide", "La–Lu (IUPAC: the 15 elements La to Lu).", lanthanides),
            new("rare_earth", "Sc, Y and La–Lu (IUPAC's rare-earth metals).", [.. Symbols("Sc Y"), .. lanthanides]),
            new("actinide", "Ac–Lr.", Where(e => e.AtomicNumber is >= 89 and <= 103)),
            new("halogen", "Group 17: F, Cl, Br, I, At.", Where(e => e.Group == 17)),
            new("chalcogen", "Group 16: O, S, Se, Te, Po.", Where(e => e.Group == 16)),
            new("pnictogen", "Group 15: N, P, As, Sb, Bi.", Where(e => e.Group == 15)),
            new("noble_gas", "Group 18: He–Rn.", Where(e => e.Group == 18)),
            new("platinum_group", "Ru, Rh, Pd, Os, Ir, Pt.", Symbols("Ru Rh Pd Os Ir Pt")),
            new("noble_metal", "Ru, Rh, Pd, Ag, Os, Ir, Pt, Au (the platinum group with silver and gold).", Symbols("Ru Rh Pd Ag Os Ir Pt Au")),
            new("metalloid", "B, Si, Ge, As, Sb, Te (the six commonly recognised metalloids).", Symbols("B Si Ge As Sb Te")),
            // The heavy metals and metalloids of the EU RoHS directive (Pb, Hg, Cd; Cr is restricted only as Cr(VI), so it is
            // not listed) with the elements named toxic by ATSDR's substance priority list top 20 (As, Tl, Be) and the
            // radioactive ones no one wants in a product (Po, actinides are separate).
            // Elements without a stable or long-lived isotope in a usable amount: no chemist proposes BaPaO3 for a device.
            new("radioactive", "Tc, Pm and Po–Lr (no stable isotope; Th and U included, Bi counted as stable).",
                Where(e => e.Symbol is "Tc" or "Pm" || e.AtomicNumber is >= 84 and <= 103)),
            new("toxic", "Cd, Hg, Pb, As, Tl, Be and Po: EU RoHS heavy metals (Cd, Hg, Pb), ATSDR priority-list toxicants (As, Be, Tl), radioactive Po. Cr(VI), Se, Sb, Ba and Ni compounds are harmful too but not excluded by this family.",
                Symbols("Be As Cd Hg Tl Pb Po")),
        };
        return families.ToDictionary(f => f.Name, f => f with { Members = Order(f.Members) }, StringComparer.Ordinal);
    }

    private static string[] Order(IReadOnlyList<string> symbols) =>
        [.. symbols.Distinct(StringComparer.Ordinal).OrderBy(s => ElementTable.Default[s].AtomicNumber)];
}
