namespace MatAssistant.Chemistry;

/// <summary>The data and switches of SMACT's validity screen.</summary>
/// <param name="OxidationStates">Allowed states per element (default <see cref="OxidationStateSet.Icsd"/>).</param>
/// <param name="Electronegativities">Pauling χ per element (default <see cref="ElectronegativityTable.Pauling"/>).</param>
/// <param name="Metals">Metals for the alloy rule (default SMACT's list, <see cref="MetalSet.Smact"/>).</param>
/// <param name="IncludeAlloys">When true (default), an all-metal composition is valid without charge balance.</param>
/// <param name="UsePaulingTest">When true (default), validity also needs the electronegativity balance.</param>
public sealed record ScreeningRules(
    OxidationStateSet OxidationStates,
    ElectronegativityTable Electronegativities,
    MetalSet Metals,
    bool IncludeAlloys = true,
    bool UsePaulingTest = true)
{
    /// <summary>pymatgen's ICSD states, pymatgen's Pauling values, SMACT's metals.</summary>
    public static ScreeningRules Default { get; } = new(OxidationStateSet.Icsd, ElectronegativityTable.Pauling, MetalSet.Smact);
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
/// <param name="OxidationStates">The assignment found (the balanced one when it exists, else a neutral one), by symbol; null when none.</param>
/// <param name="Detail">A sentence for a person, e.g. which element lacks states.</param>
public sealed record RuleVerdict(
    bool ChargeNeutral,
    bool ElectronegativityBalanced,
    bool Valid,
    ValidityReason Reason,
    IReadOnlyDictionary<string, int>? OxidationStates,
    string? Detail);

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

        return Rules.UsePaulingTest
            ? ChargeBalanceSolver.TryFindBalanced(numbers, counts, Rules.OxidationStates, Rules.Electronegativities, assignment)
            : ChargeBalanceSolver.TryFindNeutral(numbers, counts, Rules.OxidationStates, assignment);
    }

    /// <summary>Charge neutrality and electronegativity balance, without the alloy and single-element paths: the figures the generative-model papers report.</summary>
    public (bool ChargeNeutral, bool ElectronegativityBalanced) Test(Composition composition)
    {
        var k = composition.ElementCount;
        Span<int> numbers = stackalloc int[k];
        Span<int> counts = stackalloc int[k];
        Span<int> assignment = stackalloc int[k];
        if (!Prepare(composition, numbers, counts) || !ChargeBalanceSolver.TryFindNeutral(numbers, counts, Rules.OxidationStates, assignment))
        {
            return (false, false);
        }

        return (true, ChargeBalanceSolver.TryFindBalanced(numbers, counts, Rules.OxidationStates, Rules.Electronegativities, assignment));
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
        var neutral = withoutStates.Length == 0 && ChargeBalanceSolver.TryFindNeutral(numbers, counts, Rules.OxidationStates, assignment, preferUsual: true);
        var neutralAssignment = neutral ? (int[])assignment.Clone() : null;
        var balanced = neutral && ChargeBalanceSolver.TryFindBalanced(numbers, counts, Rules.OxidationStates, Rules.Electronegativities, assignment, preferUsual: true);
        var found = balanced ? assignment : neutralAssignment;
        var states = found is null ? null : elements.Select((e, i) => (e.Symbol, found[i])).ToDictionary(p => p.Symbol, p => p.Item2);

        var missingChi = elements.Where(e => double.IsNaN(Rules.Electronegativities[e])).Select(e => e.Symbol).ToArray();
        var chemicallyValid = Rules.UsePaulingTest ? balanced : neutral;
        var valid = single || alloy || chemicallyValid;
        ValidityReason reason;
        string? detail = null;
        if (single)
        {
            reason = ValidityReason.SingleElement;
            detail = "A single element: valid by SMACT's rule, but not a charge-balanced compound.";
        }
        else if (alloy && !chemicallyValid)
        {
            reason = ValidityReason.Alloy;
            detail = $"Every element is a metal ({Rules.Metals.Name} list): valid as an alloy or intermetallic, where oxidation states do not apply.";
            states = null; // a neutral assignment such as Fe-4 Ni+4 for FeNi exists arithmetically but means nothing for a metal
        }
        else if (chemicallyValid)
        {
            reason = ValidityReason.ChargeBalanced;
        }
        else if (withoutStates.Length > 0)
        {
            reason = ValidityReason.NoOxidationStates;
            detail = $"{string.Join(", ", withoutStates)} {(withoutStates.Length == 1 ? "has" : "have")} no oxidation states in the '{Rules.OxidationStates.Name}' set, so no charge-neutral assignment exists.";
        }
        else if (!neutral)
        {
            reason = ValidityReason.NotChargeNeutral;
            detail = $"No choice of one oxidation state per element from the '{Rules.OxidationStates.Name}' set sums to zero.";
        }
        else if (missingChi.Length > 0)
        {
            reason = ValidityReason.NoElectronegativity;
            detail = $"{string.Join(", ", missingChi)} {(missingChi.Length == 1 ? "has" : "have")} no electronegativity in the '{Rules.Electronegativities.Name}' table, so the Pauling test fails.";
        }
        else
        {
            reason = ValidityReason.ElectronegativityImbalance;
            detail = "Charge-neutral assignments exist, but in none is every cation less electronegative than every anion.";
        }

        return new RuleVerdict(neutral, balanced, valid, reason, states, detail);
    }

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
