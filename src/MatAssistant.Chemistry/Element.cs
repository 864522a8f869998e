namespace MatAssistant.Chemistry;

/// <summary>One chemical element with the properties the screening rules and featurizers use.</summary>
/// <param name="AtomicNumber">Z, 1–103.</param>
/// <param name="Symbol">IUPAC symbol, e.g. <c>Fe</c>.</param>
/// <param name="Name">English name.</param>
/// <param name="Row">Period; lanthanides in row 6, actinides in row 7 (pymatgen's convention).</param>
/// <param name="Group">IUPAC group 1–18; lanthanides and actinides are given group 3.</param>
/// <param name="Block">s, p, d or f.</param>
/// <param name="AtomicMass">Atomic mass in u (mass number of a long-lived isotope for radioactive elements).</param>
/// <param name="PaulingElectronegativity">Pauling χ, or <see langword="null"/> where the table has none (He, Ne, Ar).</param>
/// <param name="CommonOxidationStates">pymatgen's common oxidation states, ascending.</param>
/// <param name="IcsdOxidationStates">States with ≥ 10 ICSD instances and ≥ 1 % of the element's entries; empty for 28 elements.</param>
/// <param name="AllOxidationStates">Every state pymatgen knows; very inclusive.</param>
/// <param name="AtomicRadius">Empirical atomic radius in Å, or <see langword="null"/>.</param>
/// <param name="MendeleevNumber">Pettifor's Mendeleev number (not Z).</param>
/// <param name="IsMetal">pymatgen's <c>Element.is_metal</c>.</param>
public sealed record Element(
    int AtomicNumber,
    string Symbol,
    string Name,
    int Row,
    int Group,
    string Block,
    double AtomicMass,
    double? PaulingElectronegativity,
    IReadOnlyList<int> CommonOxidationStates,
    IReadOnlyList<int> IcsdOxidationStates,
    IReadOnlyList<int> AllOxidationStates,
    double? AtomicRadius,
    int MendeleevNumber,
    bool IsMetal)
{
    /// <summary>True for He, Ne, Ar, Kr, Xe, Rn.</summary>
    public bool IsNobleGas => Group == 18;

    public override string ToString() => Symbol;
}
