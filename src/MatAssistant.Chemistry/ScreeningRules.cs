namespace MatAssistant.Chemistry;

/// <summary>The data and switches of SMACT's validity screen. The record's own defaults are SMACT's (one state per
/// element, no peroxides); <see cref="Default"/> is the product's choice.</summary>
/// <param name="OxidationStates">Allowed states per element (<see cref="Default"/> uses <see cref="OxidationStateSet.Icsd24"/>).</param>
/// <param name="Electronegativities">Pauling χ per element (default <see cref="ElectronegativityTable.Pauling"/>).</param>
/// <param name="Metals">Metals for the alloy rule (default SMACT's list, <see cref="MetalSet.Smact"/>).</param>
/// <param name="IncludeAlloys">When true (default), an all-metal composition is valid without charge balance.</param>
/// <param name="UsePaulingTest">When true (default), validity also needs the electronegativity balance.</param>
/// <param name="MixedValence">SMACT's <c>mixed_valence</c> (default false): each atom of an element in
/// <paramref name="MixedValenceElements"/> may take its own state, so Fe3O4 is Fe+2 Fe+3 O-2. Tried, as SMACT does, only
/// when one state per element fails.</param>
/// <param name="Peroxides">When true (default false), oxygen may also be peroxide O2 2− (O−1) or superoxide O2 − (O−½),
/// so K2O2, BaO2, H2O2 and KO2 balance; all oxygen atoms of one compound take the same form.</param>
/// <param name="MixedValenceElements">Which elements may be mixed-valent; null means SMACT's 24 (<see cref="ElementSet.SmactMixedValence"/>).</param>
/// <param name="Statistics">Occurrence counts that rank assignments and score their plausibility; null means ICSD 2024's (<see cref="OxidationStateStatistics.Icsd24"/>).</param>
public sealed record ScreeningRules(
    OxidationStateSet OxidationStates,
    ElectronegativityTable Electronegativities,
    MetalSet Metals,
    bool IncludeAlloys = true,
    bool UsePaulingTest = true,
    bool MixedValence = false,
    bool Peroxides = false,
    ElementSet? MixedValenceElements = null,
    OxidationStateStatistics? Statistics = null)
{
    /// <summary>
    /// The product's rules: ICSD 2024's states (<see cref="OxidationStateSet.Icsd24"/>, SMACT 4's default set), mixed valence
    /// (<see cref="ElementSet.ExtendedMixedValence"/>) and peroxide/superoxide oxygen on, pymatgen's Pauling values, SMACT's metals. 83.7 % of Materials Project's
    /// multi-element formulas are charge-neutral and 92.8 % valid under them, against 56.1 % and 75.9 % under
    /// <see cref="PymatgenIcsd"/> (<c>bench rules</c>, docs/screen.md).
    /// </summary>
    public static ScreeningRules Default { get; } = new(
        OxidationStateSet.Icsd24,
        ElectronegativityTable.Pauling,
        MetalSet.Smact,
        MixedValence: true,
        Peroxides: true,
        MixedValenceElements: ElementSet.ExtendedMixedValence);

    /// <summary>The rules before issue 12: pymatgen's ICSD states, one state per element, no peroxides.</summary>
    public static ScreeningRules PymatgenIcsd { get; } = new(OxidationStateSet.Icsd, ElectronegativityTable.Pauling, MetalSet.Smact);

    /// <summary>The mixed-valence elements in force.</summary>
    internal ElementSet MixedValenceSet => MixedValenceElements ?? ElementSet.SmactMixedValence;

    /// <summary>The occurrence counts in force.</summary>
    internal OxidationStateStatistics Evidence => Statistics ?? OxidationStateStatistics.Icsd24;
}

/// <summary>The values of <see cref="RuleVerdict.Rule"/>: which rule made a composition valid.</summary>
public static class ValidityRule
{
    /// <summary>One oxidation state per element balances (SMACT's default rule).</summary>
    public const string SingleValence = "single_valence";

    /// <summary>Balanced only with atoms of one element in different states (SMACT's <c>mixed_valence</c>).</summary>
    public const string MixedValence = "mixed_valence";

    /// <summary>Every element is a metal.</summary>
    public const string Alloy = "alloy";

    /// <summary>A single element.</summary>
    public const string SingleElement = "single_element";
}

/// <summary>Atoms of one element in one oxidation state, part of an assignment.</summary>
/// <param name="Element">The symbol.</param>
/// <param name="OxidationState">The state; −0.5 for superoxide oxygen.</param>
/// <param name="Count">How many atoms of the reduced formula take it.</param>
/// <param name="Ion"><c>peroxide</c> (O2 2−) or <c>superoxide</c> (O2 −) for oxygen in those anions; null otherwise.</param>
public sealed record OxidationSpecies(string Element, double OxidationState, int Count, string? Ion = null)
{
    /// <summary>As a chemist writes it: <c>Fe+2</c>, <c>O-1</c>, <c>O-1/2</c>.</summary>
    public string Label => Element + FormatState(OxidationState);

    internal static string FormatState(double state) =>
        state == Math.Floor(state)
            ? ((int)state).ToString("+0;-0;0", System.Globalization.CultureInfo.InvariantCulture)
            : (state < 0 ? "-" : "+") + ((int)Math.Abs(2 * state)).ToString(System.Globalization.CultureInfo.InvariantCulture) + "/2";

    /// <summary>An assignment as text, states of one element joined by a slash: <c>Fe+2/Fe+3 O-2</c>, <c>K+1 O-1/2 (superoxide)</c>.</summary>
    public static string Format(IReadOnlyList<OxidationSpecies> species) =>
        string.Join(" ", species.GroupBy(s => s.Element).Select(g =>
            string.Join("/", g.Select(s => s.Label)) + (g.FirstOrDefault(s => s.Ion is not null)?.Ion is { } ion ? $" ({ion})" : string.Empty)));
}

/// <summary>Why a composition is, or is not, valid.</summary>
public enum ValidityReason
{
    /// <summary>A neutral assignment exists (and passes the Pauling test when that is on).</summary>
    ChargeBalanced,
    /// <summary>One element: valid by SMACT's rule, not charge-balanced.</summary>
    SingleElement,
    /// <summary>Every element is a metal: valid by the alloy rule.</summary>
    Alloy,
    /// <summary>No assignment of one state per element sums to zero.</summary>
    NotChargeNeutral,
    /// <summary>Neutral assignments exist, but none has every cation less electronegative than every anion.</summary>
    ElectronegativityImbalance,
    /// <summary>An element has no oxidation states in the set (noble gases; some heavy elements).</summary>
    NoOxidationStates,
    /// <summary>An element has no electronegativity in the table, so the Pauling test fails.</summary>
    NoElectronegativity,
    /// <summary>The amounts could not be made whole (see <see cref="ReductionOptions"/>).</summary>
    NotIntegral,
}

/// <summary>The verdict of the screening rules on one composition.</summary>
/// <param name="ChargeNeutral">Some assignment of one oxidation state per element sums to zero at the reduced stoichiometry.</param>
/// <param name="ElectronegativityBalanced">Some neutral assignment also passes the Pauling test.</param>
/// <param name="Valid">SMACT's <c>smact_validity</c>: single element, alloy, or balanced (neutral when the Pauling test is off).</param>
/// <param name="Reason">Why.</param>
/// <param name="OxidationStates">The most plausible assignment (the balanced one when it exists, else a neutral one), by
/// symbol, when every element takes one whole state; null when none, for alloys, and for mixed-valent or superoxide
/// assignments (see <paramref name="Species"/>).</param>
/// <param name="Detail">A sentence for a person, e.g. which element lacks states.</param>
/// <param name="Rule">Which rule made it valid (<see cref="ValidityRule"/>): <c>single_valence</c>, <c>mixed_valence</c>,
/// <c>alloy</c>, <c>single_element</c>; null when invalid.</param>
/// <param name="Species">The most plausible assignment as species, states of one element together (Fe+2 ×1, Fe+3 ×2,
/// O−2 ×4); null when none and for alloys.</param>
/// <param name="Plausibility">How plausible that assignment is, 0–1: the geometric mean over elements of how usual each
/// state is (ICSD report counts relative to the element's usual state), times a redox factor below 1 when a strong
/// oxidant sits beside a strong reductant; null without an assignment.</param>
public sealed record RuleVerdict(
    bool ChargeNeutral,
    bool ElectronegativityBalanced,
    bool Valid,
    ValidityReason Reason,
    IReadOnlyDictionary<string, int>? OxidationStates,
    string? Detail,
    string? Rule = null,
    IReadOnlyList<OxidationSpecies>? Species = null,
    double? Plausibility = null);

/// <summary>
/// SMACT's screening rules with the data as parameters: charge neutrality by oxidation-state assignment, the Pauling
/// electronegativity test, and the single-element and alloy fast paths. Thread-safe; allocation-free in <see cref="IsValid"/>.
/// </summary>
public sealed class CompositionRules(ScreeningRules rules)
{
    public CompositionRules()
        : this(ScreeningRules.Default)
    {
    }

    public ScreeningRules Rules { get; } = rules;

    /// <summary>SMACT's <c>smact_validity</c> verdict without building a report.</summary>
    public bool IsValid(Composition composition)
    {
        var k = composition.ElementCount;
        if (k == 1)
        {
            return true;
        }

        if (Rules.IncludeAlloys && AllMetals(composition))
        {
            return true;
        }

        Span<int> numbers = stackalloc int[k];
        Span<int> counts = stackalloc int[k];
        Span<int> assignment = stackalloc int[k];
        if (!Prepare(composition, numbers, counts))
        {
            return false;
        }

        var fast = Rules.UsePaulingTest
            ? ChargeBalanceSolver.TryFindBalanced(numbers, counts, Rules.OxidationStates, Rules.Electronegativities, assignment)
            : ChargeBalanceSolver.TryFindNeutral(numbers, counts, Rules.OxidationStates, assignment);
        if (fast || !Extends(numbers, counts))
        {
            return fast;
        }

        var problem = BuildProblem(numbers, counts, Rules.MixedValence);
        if (!SpeciesSolver.Fits(problem))
        {
            return false; // counts in the hundreds of thousands: the single-valence answer stands
        }

        return Rules.UsePaulingTest ? SolveBalanced(problem, numbers) is not null : SpeciesSolver.Cheapest(problem, new sbyte[k]) is not null;
    }

    /// <summary>Charge neutrality and electronegativity balance, without the alloy and single-element paths: the figures the generative-model papers report.</summary>
    public (bool ChargeNeutral, bool ElectronegativityBalanced) Test(Composition composition)
    {
        var k = composition.ElementCount;
        Span<int> numbers = stackalloc int[k];
        Span<int> counts = stackalloc int[k];
        Span<int> assignment = stackalloc int[k];
        if (!Prepare(composition, numbers, counts))
        {
            return (false, false);
        }

        if (ChargeBalanceSolver.TryFindNeutral(numbers, counts, Rules.OxidationStates, assignment)
            && ChargeBalanceSolver.TryFindBalanced(numbers, counts, Rules.OxidationStates, Rules.Electronegativities, assignment))
        {
            return (true, true);
        }

        if (!Extends(numbers, counts))
        {
            return (ChargeBalanceSolver.TryFindNeutral(numbers, counts, Rules.OxidationStates, assignment), false);
        }

        var problem = BuildProblem(numbers, counts, Rules.MixedValence);
        if (!SpeciesSolver.Fits(problem))
        {
            return (ChargeBalanceSolver.TryFindNeutral(numbers, counts, Rules.OxidationStates, assignment), false);
        }

        var neutral = SpeciesSolver.Cheapest(problem, new sbyte[k]) is not null;
        return (neutral, neutral && SolveBalanced(problem, numbers) is not null);
    }

    /// <summary>The full verdict with the assignment and the reason.</summary>
    public RuleVerdict Evaluate(Composition composition)
    {
        var k = composition.ElementCount;
        var elements = composition.Elements;
        var numbers = new int[k];
        var counts = new int[k];
        var assignment = new int[k];
        var single = k == 1;
        var alloy = !single && Rules.IncludeAlloys && AllMetals(composition);

        if (!Prepare(composition, numbers, counts))
        {
            return new RuleVerdict(false, false, single || alloy, single ? ValidityReason.SingleElement : alloy ? ValidityReason.Alloy : ValidityReason.NotIntegral, null,
                NotIntegralDetail(composition));
        }

        var withoutStates = elements.Where(e => Rules.OxidationStates[e].IsEmpty).Select(e => e.Symbol).ToArray();
        var problem = BuildProblem(numbers, counts, Rules.MixedValence);
        SpeciesSolver.Solution? neutralSolution = null, balancedSolution = null;
        if (withoutStates.Length == 0 && SpeciesSolver.Fits(problem))
        {
            neutralSolution = SpeciesSolver.Cheapest(problem, new sbyte[k]);
            balancedSolution = neutralSolution is null ? null : SolveBalanced(problem, numbers);
        }
        else if (withoutStates.Length == 0)
        {
            // Counts in the hundreds of thousands: the bitset search with its depth-first fallback, one state per element.
            Span<int> doubled = stackalloc int[k];
            if (ChargeBalanceSolver.TryFindNeutral(numbers, counts, Rules.OxidationStates, assignment, preferUsual: true))
            {
                neutralSolution = SpeciesSolver.FromAssignment(problem, Doubled(assignment, doubled));
                if (ChargeBalanceSolver.TryFindBalanced(numbers, counts, Rules.OxidationStates, Rules.Electronegativities, assignment, preferUsual: true))
                {
                    balancedSolution = SpeciesSolver.FromAssignment(problem, Doubled(assignment, doubled));
                }
            }
        }

        var neutral = neutralSolution is not null;
        var balanced = balancedSolution is not null;
        var chosen = balancedSolution ?? neutralSolution;
        var (species, plausibility, clash) = chosen is null ? (null, double.NaN, null) : Describe(problem, chosen, numbers, refine: balancedSolution is not null);

        var missingChi = elements.Where(e => double.IsNaN(Rules.Electronegativities[e])).Select(e => e.Symbol).ToArray();
        var chemicallyValid = Rules.UsePaulingTest ? balanced : neutral;
        var valid = single || alloy || chemicallyValid;
        var mixed = species is not null && species.GroupBy(sp => sp.Element).Any(g => g.Count() > 1);
        ValidityReason reason;
        string? rule = null;
        string? detail = null;
        if (single)
        {
            reason = ValidityReason.SingleElement;
            rule = ValidityRule.SingleElement;
            detail = "A single element: valid by SMACT's rule, but not a charge-balanced compound.";
        }
        else if (alloy && !chemicallyValid)
        {
            reason = ValidityReason.Alloy;
            rule = ValidityRule.Alloy;
            detail = $"Every element is a metal ({Rules.Metals.Name} list): valid as an alloy or intermetallic, where oxidation states do not apply.";
            species = null; // a neutral assignment such as Fe-4 Ni+4 for FeNi exists arithmetically but means nothing for a metal
            plausibility = double.NaN;
        }
        else if (chemicallyValid)
        {
            reason = ValidityReason.ChargeBalanced;
            rule = mixed ? ValidityRule.MixedValence : ValidityRule.SingleValence;
            detail = mixed ? $"Charge-balanced with mixed valence ({OxidationSpecies.Format(species!)}): atoms of one element in different states." : null;
        }
        else if (withoutStates.Length > 0)
        {
            reason = ValidityReason.NoOxidationStates;
            detail = $"{string.Join(", ", withoutStates)} {(withoutStates.Length == 1 ? "has" : "have")} no oxidation states in the '{Rules.OxidationStates.Name}' set, so no charge-neutral assignment exists.";
        }
        else if (!neutral)
        {
            reason = ValidityReason.NotChargeNeutral;
            detail = $"No choice of one oxidation state per element from the '{Rules.OxidationStates.Name}' set sums to zero" + (Rules.MixedValence ? ", even with mixed valence." : ".") + Hint(composition);
        }
        else if (missingChi.Length > 0)
        {
            reason = ValidityReason.NoElectronegativity;
            detail = $"{string.Join(", ", missingChi)} {(missingChi.Length == 1 ? "has" : "have")} no electronegativity in the '{Rules.Electronegativities.Name}' table, so the Pauling test fails.";
        }
        else
        {
            reason = ValidityReason.ElectronegativityImbalance;
            detail = "Charge-neutral assignments exist, but in none is every cation less electronegative than every anion." + Hint(composition);
        }

        if (species is not null && species.Any(sp => sp.Ion is not null))
        {
            detail = Join(detail, $"Oxygen is {species.First(sp => sp.Ion is not null).Ion} ({(species.Any(sp => sp.Ion == "superoxide") ? "O2 −" : "O2 2−")}).");
        }

        if (clash is not null && species is not null)
        {
            detail = Join(detail, $"Implausible: {clash}.");
        }

        var states = species is not null && species.GroupBy(sp => sp.Element).All(g => g.Count() == 1) && species.All(sp => sp.OxidationState == Math.Floor(sp.OxidationState))
            ? species.ToDictionary(sp => sp.Element, sp => (int)sp.OxidationState)
            : null;
        return new RuleVerdict(neutral, balanced, valid, reason, states, detail, valid ? rule : null, species, species is null ? null : plausibility);
    }

    /// <summary>True when mixed valence or peroxides could change the verdict of the single-valence search.</summary>
    private bool Extends(ReadOnlySpan<int> numbers, ReadOnlySpan<int> counts)
    {
        for (var i = 0; i < numbers.Length; i++)
        {
            if ((Rules.MixedValence && counts[i] > 1 && counts[i] <= MaxMixedValenceAtoms && Rules.MixedValenceSet.Contains(numbers[i])) || (Rules.Peroxides && numbers[i] == Oxygen))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Most atoms of one element (in the reduced formula) searched with mixed valence; beyond, that element takes one state.
    /// SMACT gives up sooner: it returns False past 10^6 site combinations (Fe8O17 with SMACT14's 8 Fe states).
    /// </summary>
    public const int MaxMixedValenceAtoms = 32;

    private const int Oxygen = 8;

    /// <summary>Charges in half units (superoxide O is −½) and costs −ln(relative frequency) of each element's states.</summary>
    private SpeciesSolver.Problem BuildProblem(ReadOnlySpan<int> numbers, ReadOnlySpan<int> counts, bool mixedValence)
    {
        var k = numbers.Length;
        var charges = new int[k][];
        var costs = new double[k][];
        var perAtom = new bool[k];
        var evidence = Rules.Evidence;
        for (var i = 0; i < k; i++)
        {
            var z = numbers[i];
            var list = new List<(int Charge, double Cost)>();
            foreach (var state in Rules.OxidationStates[z])
            {
                list.Add((2 * state, -Math.Log(evidence.RelativeFrequency(z, state))));
            }

            if (Rules.Peroxides && z == Oxygen)
            {
                var peroxide = evidence.RelativeFrequency(z, -1);
                if (!list.Exists(c => c.Charge == -2))
                {
                    list.Add((-2, -Math.Log(peroxide)));
                }

                // ICSD reports whole states only, so superoxide has no count of its own: taken as a quarter as usual as peroxide.
                list.Add((-1, -Math.Log(peroxide / 4)));
            }

            charges[i] = list.Select(c => c.Charge).ToArray();
            costs[i] = list.Select(c => c.Cost).ToArray();
            perAtom[i] = mixedValence && counts[i] > 1 && counts[i] <= MaxMixedValenceAtoms && Rules.MixedValenceSet.Contains(z);
        }

        return new SpeciesSolver.Problem(counts.ToArray(), charges, costs, perAtom);
    }

    private SpeciesSolver.Solution? SolveBalanced(SpeciesSolver.Problem problem, ReadOnlySpan<int> numbers, bool[][]? allowed = null)
    {
        Span<double> chi = stackalloc double[numbers.Length];
        for (var i = 0; i < numbers.Length; i++)
        {
            chi[i] = Rules.Electronegativities[numbers[i]];
        }

        return SpeciesSolver.CheapestBalanced(problem, chi, Rules.OxidationStates.ContainsZero, allowed);
    }

    /// <summary>
    /// The species of the most plausible assignment. The cheapest one by occurrence alone is refined twice: a
    /// mixed-valent element should take neighbouring states (Mn3O4 is Mn+2 Mn+3 Mn+3, not Mn+2 Mn+2 Mn+4, although
    /// Mn+2 is the more reported state), and when a strong oxidant sits beside a strong reductant the search is
    /// repeated without each species in turn (Mn+7 Sn+2 where Mn+4 Sn+4 also balances).
    /// </summary>
    private (IReadOnlyList<OxidationSpecies> Species, double Plausibility, string? Clash) Describe(SpeciesSolver.Problem problem, SpeciesSolver.Solution solution, int[] numbers, bool refine)
    {
        var best = Score(problem, solution, numbers);
        var bestAdjacent = Adjacent(problem, solution);
        if (best.Clash is null && bestAdjacent)
        {
            return best;
        }

        foreach (var mask in Alternatives(problem, solution, clash: best.Clash is not null))
        {
            var alternative = refine ? SolveBalanced(problem, numbers, mask) : SpeciesSolver.Cheapest(problem, new sbyte[problem.K], mask);
            if (alternative is null)
            {
                continue;
            }

            var scored = Score(problem, alternative, numbers);
            var adjacent = Adjacent(problem, alternative);
            if ((adjacent && !bestAdjacent) || (adjacent == bestAdjacent && scored.Plausibility > best.Plausibility))
            {
                (best, bestAdjacent) = (scored, adjacent);
            }
        }

        return best;
    }

    /// <summary>Masks to search again: each mixed element confined to two neighbouring states; each used species left out.</summary>
    private static IEnumerable<bool[][]> Alternatives(SpeciesSolver.Problem problem, SpeciesSolver.Solution solution, bool clash)
    {
        bool[][] All() => problem.Charges.Select(c => Enumerable.Repeat(true, c.Length).ToArray()).ToArray();
        for (var i = 0; i < problem.K; i++)
        {
            if (!problem.PerAtom[i])
            {
                continue;
            }

            var charges = problem.Charges[i];
            for (var a = 0; a < charges.Length; a++)
            {
                var b = Array.IndexOf(charges, charges[a] + 2);
                if (b >= 0)
                {
                    var mask = All();
                    for (var j = 0; j < charges.Length; j++)
                    {
                        mask[i][j] = j == a || j == b;
                    }

                    yield return mask;
                }
            }
        }

        if (!clash)
        {
            yield break;
        }

        for (var i = 0; i < problem.K; i++)
        {
            for (var j = 0; j < solution.Atoms[i].Length; j++)
            {
                if (solution.Atoms[i][j] > 0)
                {
                    var mask = All();
                    mask[i][j] = false;
                    yield return mask;
                }
            }
        }
    }

    /// <summary>True when no element of the solution takes two states more than one apart.</summary>
    private static bool Adjacent(SpeciesSolver.Problem problem, SpeciesSolver.Solution solution)
    {
        for (var i = 0; i < problem.K; i++)
        {
            int low = int.MaxValue, high = int.MinValue;
            for (var j = 0; j < solution.Atoms[i].Length; j++)
            {
                if (solution.Atoms[i][j] > 0)
                {
                    low = Math.Min(low, problem.Charges[i][j]);
                    high = Math.Max(high, problem.Charges[i][j]);
                }
            }

            if (high - low > 2)
            {
                return false;
            }
        }

        return true;
    }

    private static (IReadOnlyList<OxidationSpecies> Species, double Plausibility, string? Clash) Score(SpeciesSolver.Problem problem, SpeciesSolver.Solution solution, int[] numbers)
    {
        var species = new List<OxidationSpecies>();
        for (var i = 0; i < problem.K; i++)
        {
            var symbol = ElementTable.Default[numbers[i]].Symbol;
            var charges = problem.Charges[i];
            foreach (var j in Enumerable.Range(0, charges.Length).OrderBy(j => charges[j]))
            {
                if (solution.Atoms[i][j] > 0)
                {
                    var charge = charges[j];
                    var ion = numbers[i] != Oxygen ? null : charge == -2 ? "peroxide" : charge == -1 ? "superoxide" : null;
                    species.Add(new OxidationSpecies(symbol, charge / 2.0, solution.Atoms[i][j], ion));
                }
            }
        }

        var (factor, clash) = RedoxCompatibility.Assess(species);
        return (species, Math.Exp(-solution.Cost / problem.K) * factor, clash);
    }

    /// <summary>For an invalid verdict: whether mixed valence or peroxides, when off, would make it valid.</summary>
    private string Hint(Composition composition)
    {
        var couldMix = !Rules.MixedValence && composition.Elements.Any(e => Rules.MixedValenceSet.Contains(e));
        var couldPeroxide = !Rules.Peroxides && composition.Elements.Any(e => e.AtomicNumber == Oxygen);
        if (!couldMix && !couldPeroxide)
        {
            return string.Empty;
        }

        var extended = new CompositionRules(Rules with { MixedValence = true, Peroxides = true }).Evaluate(composition);
        if (!extended.Valid || extended.Species is null)
        {
            return string.Empty;
        }

        var needs = extended.Rule == ValidityRule.MixedValence && !Rules.MixedValence ? "mixed valence" : "peroxide or superoxide oxygen";
        return $" With {needs} it balances as {OxidationSpecies.Format(extended.Species)}.";
    }

    private static ReadOnlySpan<int> Doubled(ReadOnlySpan<int> states, Span<int> halfUnits)
    {
        for (var i = 0; i < states.Length; i++)
        {
            halfUnits[i] = 2 * states[i];
        }

        return halfUnits;
    }

    private static string Join(string? first, string second) => first is null ? second : first + " " + second;

    private static string NotIntegralDetail(Composition composition)
    {
        var largest = composition.Amounts.Max();
        var traces = composition.Elements.Where((e, i) => composition.Amounts[i] < 1e-3 * largest).Select(e => $"{e.Symbol}{Composition.FormatAmount(composition.GetAmount(e))}").ToArray();
        var why = traces.Length > 0
            ? $" ({string.Join(", ", traces)} {(traces.Length == 1 ? "is a trace amount" : "are trace amounts")}, as a dopant level is, not a stoichiometric count)"
            : string.Empty;
        return $"The amounts could not be scaled to whole numbers with a multiplier up to {ReductionOptions.Default.MaxMultiplier}{why}, so no oxidation states can be assigned.";
    }

    private bool AllMetals(Composition composition)
    {
        foreach (var e in composition.Elements)
        {
            if (!Rules.Metals.Contains(e))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Prepare(Composition composition, Span<int> numbers, Span<int> counts)
    {
        var elements = composition.Elements;
        for (var i = 0; i < numbers.Length; i++)
        {
            numbers[i] = elements[i].AtomicNumber;
        }

        return composition.TryGetReducedCounts(counts);
    }
}
