namespace MatAssistant.Chemistry;

/// <summary>
/// The highest oxidation state an element can reach: the number of electrons outside its noble-gas core (s and d
/// electrons of the d block, group − 10 of the p block, Z minus the preceding noble gas for the f block). Y+4, La+4, Sc+4
/// and Mg+3 would strip a core shell; ICSD 2024's counts nonetheless hold 39 reports of Y+4 and 13 of La+4 (bond-valence
/// assignments of odd structures), enough to enter its oxidation-state set and, diluted by a geometric mean, to pass a
/// plausibility floor.
/// </summary>
public static class ValenceLimit
{
    /// <summary>The largest positive oxidation state of <paramref name="element"/>.</summary>
    public static int MaxPositive(Element element)
    {
        ArgumentNullException.ThrowIfNull(element);
        return element.Block switch
        {
            "s" => element.Symbol is "H" or "He" ? 1 : element.Group,
            "d" => element.Group,
            "p" => element.Group - 10,
            // Lanthanides after Xe (54), actinides after Rn (86): La 3, Ce 4, Pr 5, … (f and d and s electrons).
            _ => element.AtomicNumber - (element.Row == 6 ? 54 : 86),
        };
    }

    /// <summary>The first species of <paramref name="species"/> above its element's limit, or null.</summary>
    public static OxidationSpecies? FirstBeyond(IEnumerable<OxidationSpecies> species)
    {
        ArgumentNullException.ThrowIfNull(species);
        return species.FirstOrDefault(s => ElementTable.Default.TryGet(s.Element, out var e) && s.OxidationState > MaxPositive(e));
    }
}
