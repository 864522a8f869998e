namespace MatAssistant.Chemistry;

/// <summary>A named set of elements, e.g. those that may take two or more oxidation states in one compound.</summary>
public sealed class ElementSet
{
    // SMACT's MIXED_VALENCE_ELEMENTS (smact/screening.py at d1a17d7): transition metals, Sn, Sb, Bi, Ce, Eu, Yb, U.
    private const string SmactMixedValenceSymbols = "Fe Mn Co Cu Ni V Ti Cr Nb Mo W Re Ru Os Pd Ag Au Sn Sb Bi Ce Eu Yb U";

    private static readonly Lazy<ElementSet> LazySmactMixedValence = new(() => FromSymbols("smact", SmactMixedValenceSymbols.Split(' ')));

    // Textbook mixed-valence oxides whose element SMACT's list lacks: Pb3O4, Pr6O11, Tb4O7, Sm3S4, Tl4O3, and the
    // platinum-group and Tm mixed-valence compounds.
    private const string ExtraMixedValenceSymbols = "Pb Pr Tb Sm Tm Ir Rh Pt Tl";

    private static readonly Lazy<ElementSet> LazyExtended = new(() => FromSymbols("smact+", (SmactMixedValenceSymbols + " " + ExtraMixedValenceSymbols).Split(' ')));

    private static readonly Lazy<ElementSet> LazyAll = new(() => new ElementSet("all", Enumerable.Range(1, ElementTable.MaxAtomicNumber)));

    private readonly bool[] _contains = new bool[ElementTable.MaxAtomicNumber + 1];

    private ElementSet(string name, IEnumerable<int> atomicNumbers)
    {
        Name = name;
        foreach (var z in atomicNumbers)
        {
            _contains[z] = true;
        }
    }

    public string Name { get; }

    /// <summary>SMACT's 24 mixed-valence elements (the default, for parity with <c>smact_validity(mixed_valence=True)</c>).</summary>
    public static ElementSet SmactMixedValence => LazySmactMixedValence.Value;

    /// <summary>SMACT's 24 and Pb, Pr, Tb, Sm, Tm, Ir, Rh, Pt, Tl (33): the product's default, so that Pb3O4, Pr6O11 and Tb4O7 pass.</summary>
    public static ElementSet ExtendedMixedValence => LazyExtended.Value;

    /// <summary>Every element (Pb3O4, Pr6O11, Tb4O7 need Pb, Pr, Tb, which SMACT's list lacks).</summary>
    public static ElementSet All => LazyAll.Value;

    /// <summary>A set from element symbols; throws <see cref="KeyNotFoundException"/> for an unknown symbol.</summary>
    public static ElementSet FromSymbols(string name, IEnumerable<string> symbols) =>
        new(name, symbols.Select(s => ElementTable.Default[s.Trim()].AtomicNumber));

    public bool Contains(int atomicNumber) => _contains[atomicNumber];

    public bool Contains(Element element) => _contains[element.AtomicNumber];
}
