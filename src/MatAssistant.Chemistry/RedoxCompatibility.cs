using System.Globalization;

namespace MatAssistant.Chemistry;

/// <summary>
/// Whether the oxidation states of one assignment can sit side by side: a strong oxidant (Mn+7, Co+3, Pb+4, peroxide O−1)
/// beside a strong reductant (Sn+2, Zr+2, Bi+1, I−1) would react, so such an assignment is implausible however neutral;
/// likewise a d-block metal as an anion beside a more electronegative anion (<see cref="AnionicMetalFactor"/>).
/// </summary>
/// <remarks>
/// Each listed state has the standard reduction potential of the couple it takes part in (V vs SHE, aqueous, from the
/// CRC Handbook's table of standard electrode potentials and Bard, Parsons and Jordan, <i>Standard Potentials in Aqueous
/// Solution</i>; values marked "est." are estimates for states without an aqueous couple). An oxidant and a reductant
/// clash by the amount their potentials differ beyond <see cref="Tolerance"/>. Aqueous potentials overstate clashes in
/// covalent solids, so only pronounced oxidants and reductants are listed: no sulfide, no Fe+3, no Co+2.
/// </remarks>
public static class RedoxCompatibility
{
    /// <summary>Potential gap (V) tolerated between an oxidant and a reductant of one assignment.</summary>
    public const double Tolerance = 0.5;

    /// <summary>Gap beyond <see cref="Tolerance"/> that divides the score by e.</summary>
    public const double Scale = 0.25;

    // (symbol, state, E°): the potential of the couple in which this state is the oxidised form.
    private static readonly (string Symbol, int State, double Potential)[] Oxidants =
    [
        ("Mn", 7, 1.51), ("Mn", 6, 1.70), ("Cr", 6, 1.33), ("Fe", 6, 2.20), ("Fe", 5, 2.0 /* est. */), ("Fe", 4, 1.9 /* est. */),
        ("Co", 4, 1.9 /* est. */), ("Co", 3, 1.92), ("Ni", 4, 1.70), ("Ni", 3, 1.6 /* est. */), ("Cu", 3, 2.0 /* est. */),
        ("Ag", 2, 1.98), ("Ag", 3, 1.8 /* est. */), ("Au", 3, 1.50), ("Pb", 4, 1.46), ("Bi", 5, 1.6), ("Tl", 3, 1.25),
        ("Ce", 4, 1.72), ("Pr", 4, 3.2), ("Tb", 4, 3.1), ("V", 5, 1.00), ("Ru", 8, 1.4), ("Os", 8, 1.0), ("Xe", 2, 2.1),
        ("Cl", 7, 1.39), ("Cl", 5, 1.45), ("Cl", 1, 1.63), ("Br", 5, 1.48), ("I", 7, 1.6), ("Se", 6, 1.15), ("N", 5, 0.96),
        ("O", -1, 1.78),
    ];

    // (symbol, state, E°): the potential of the couple in which this state is the reduced form.
    private static readonly (string Symbol, int State, double Potential)[] Reductants =
    [
        ("Sn", 2, 0.15), ("Zr", 2, -1.0 /* est. */), ("Zr", 3, -0.5 /* est. */), ("Hf", 2, -1.0 /* est. */), ("Ti", 2, -0.37),
        ("Ti", 3, 0.10), ("V", 2, -0.26), ("Cr", 2, -0.41), ("Eu", 2, -0.35), ("Sm", 2, -1.55), ("Yb", 2, -1.05),
        ("Tm", 2, -2.3), ("Dy", 2, -2.5), ("Nd", 2, -2.6), ("U", 3, -0.52), ("Bi", 1, 0.2 /* est. */), ("In", 1, -0.44),
        ("Ga", 1, -0.4 /* est. */), ("Ge", 2, 0.0), ("Cu", 1, 0.15), ("Fe", 2, 0.77), ("Hg", 1, 0.92), ("Tl", 1, 1.25),
        ("As", 3, 0.56), ("Sb", 3, 0.58), ("P", 3, -0.28), ("P", 1, -0.5), ("S", 4, 0.17), ("H", -1, -2.25), ("I", -1, 0.54),
        ("Br", -1, 1.07),
    ];

    private static readonly Lazy<(double[] Oxidant, double[] Reductant)> Tables = new(() =>
    {
        var oxidant = Enumerable.Repeat(double.NaN, (ElementTable.MaxAtomicNumber + 1) * 19).ToArray();
        var reductant = (double[])oxidant.Clone();
        foreach (var (symbol, state, potential) in Oxidants)
        {
            oxidant[Index(ElementTable.Default[symbol].AtomicNumber, state)] = potential;
        }

        foreach (var (symbol, state, potential) in Reductants)
        {
            reductant[Index(ElementTable.Default[symbol].AtomicNumber, state)] = potential;
        }

        return (oxidant, reductant);
    });

    /// <summary>
    /// The factor in (0, 1] by which the worst oxidant–reductant pair of <paramref name="species"/> lowers plausibility,
    /// with that pair named (null when nothing clashes).
    /// </summary>
    public static (double Factor, string? Clash) Assess(IReadOnlyList<OxidationSpecies> species)
    {
        var (oxidants, reductants) = Tables.Value;
        var worst = 0.0;
        string? clash = null;
        foreach (var a in species)
        {
            var ea = Lookup(oxidants, a);
            if (double.IsNaN(ea))
            {
                continue;
            }

            foreach (var b in species)
            {
                var eb = Lookup(reductants, b);
                if (ReferenceEquals(a, b) || double.IsNaN(eb) || ea - eb <= worst)
                {
                    continue;
                }

                worst = ea - eb;
                clash = string.Create(CultureInfo.InvariantCulture, $"{a.Label} (a strong oxidant, E° {ea:+0.00;-0.00} V) beside {b.Label} (a reductant, E° {eb:+0.00;-0.00} V)");
            }
        }

        var factor = worst <= Tolerance ? 1 : Math.Exp(-(worst - Tolerance) / Scale);
        if (worst <= Tolerance)
        {
            clash = null;
        }

        if (AnionicMetal(species) is { } anionic)
        {
            factor *= AnionicMetalFactor;
            clash = clash is null ? anionic : $"{clash}; {anionic}";
        }

        if (ValenceLimit.FirstBeyond(species) is { } beyond)
        {
            var limit = ValenceLimit.MaxPositive(ElementTable.Default[beyond.Element]);
            var text = $"{beyond.Label} exceeds {beyond.Element}'s {limit} electrons outside the noble-gas core";
            factor *= BeyondValenceFactor;
            clash = clash is null ? text : $"{clash}; {text}";
        }

        return (factor, clash);
    }

    /// <summary>Factor for a state above the element's valence-electron count (<see cref="ValenceLimit"/>: Y+4, La+4).</summary>
    public const double BeyondValenceFactor = 0.01;

    /// <summary>
    /// Factor for a d-block metal in a negative state beside a more electronegative anion (Li3MnO as Li+1 Mn−1 O−2). ICSD's
    /// few reports of such states (Mn−1: 8 of 16,949) are carbonyl and cluster anions; beside oxide or halide the metal is
    /// the cation, and the per-element geometric mean of plausibility dilutes one state that rare to about 0.1, which no
    /// threshold could then tell from a merely unusual compound. Auride and platinide anions beside alkali metals alone
    /// (CsAu) are not affected: no more electronegative anion is present.
    /// </summary>
    public const double AnionicMetalFactor = 0.1;

    private static string? AnionicMetal(IReadOnlyList<OxidationSpecies> species)
    {
        foreach (var a in species)
        {
            if (a.OxidationState >= 0 || !ElementTable.Default.TryGet(a.Element, out var metal) || metal.Block != "d" || metal.PaulingElectronegativity is not { } chi)
            {
                continue;
            }

            foreach (var b in species)
            {
                if (b.OxidationState < 0 && ElementTable.Default.TryGet(b.Element, out var anion) && anion.PaulingElectronegativity > chi)
                {
                    return $"{a.Label} (a d-block metal as an anion) beside {b.Label} (more electronegative)";
                }
            }
        }

        return null;
    }

    private static double Lookup(double[] table, OxidationSpecies species) =>
        species.OxidationState != Math.Floor(species.OxidationState) || Math.Abs(species.OxidationState) > 9
            ? double.NaN
            : table[Index(ElementTable.Default[species.Element].AtomicNumber, (int)species.OxidationState)];

    private static int Index(int atomicNumber, int state) => (atomicNumber * 19) + state + 9;
}
