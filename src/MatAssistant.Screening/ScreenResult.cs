using MatAssistant.Chemistry;

namespace MatAssistant.Screening;

/// <summary>One property prediction with its uncertainty.</summary>
/// <param name="Mean">The point estimate, in the property's unit: the ensemble mean; for the experimental band gap beside a
/// metal probability, the median of its two parts (0 with probability p_metal, else the non-metal gap ± σ;
/// <c>PropertyPredictor.MixtureMedian</c>), which is 0 once p_metal ≥ 0.5.</param>
/// <param name="Std">Ensemble standard deviation (one σ).</param>
/// <param name="InDistribution">False when the composition lies outside the training data (distance or unseen element).</param>
/// <param name="Unit">The unit, e.g. <c>eV</c> or <c>eV/atom</c>.</param>
/// <param name="Note">Why the value is what it is when it was not predicted by the model (e.g. a pure element's formation
/// energy, 0 by definition); null otherwise, and then left out of JSON.</param>
/// <param name="Source">Where the value comes from when not from the model alone: <c>measured</c> (a measured value of this
/// exact composition, the model's estimate in <paramref name="Note"/>) or <c>anchored_pbe</c> (the model combined with the
/// Materials Project PBE gap); null for a plain model prediction, and then left out of JSON.</param>
public sealed record PropertyPrediction(
    double Mean,
    double Std,
    bool InDistribution,
    string Unit,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? Note = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? Source = null)
{
    /// <summary><see cref="Source"/> of a measured value.</summary>
    public const string Measured = "measured";

    /// <summary><see cref="Source"/> of a gap anchored on a PBE gap.</summary>
    public const string AnchoredPbe = "anchored_pbe";
}

/// <summary>The screen of one input formula (DESIGN.md §3). A formula that cannot be read carries <see cref="Error"/> and nulls elsewhere.</summary>
/// <param name="Formula">The input as given.</param>
/// <param name="ReducedFormula">Reduced formula in electronegativity order.</param>
/// <param name="ChargeNeutral">A neutral oxidation-state assignment exists.</param>
/// <param name="ElectronegativityBalanced">A neutral assignment passes the Pauling test.</param>
/// <param name="Valid">SMACT validity (single element and alloy rules included).</param>
/// <param name="Reason">Why, in snake_case (<c>charge_balanced</c>, <c>alloy</c>, <c>not_charge_neutral</c>, …).</param>
/// <param name="OxidationStates">The assignment found, by symbol.</param>
/// <param name="Known">True when the reduced formula is in the known-materials reference; null when no reference is loaded.</param>
/// <param name="Predictions">Property predictions by name; null when no surrogate is loaded.</param>
/// <param name="Detail">A sentence for a person.</param>
/// <param name="Error">Why the formula could not be screened.</param>
/// <param name="Rule">Which rule made it valid: <c>single_valence</c>, <c>mixed_valence</c>, <c>alloy</c>, <c>single_element</c>; null when invalid.</param>
/// <param name="Species">The most plausible assignment as species (<c>Fe+2</c> ×1, <c>Fe+3</c> ×2, <c>O-2</c> ×4), also for
/// mixed valence and superoxide, which <paramref name="OxidationStates"/> cannot hold; null when none and for alloys.</param>
/// <param name="Plausibility">How plausible that assignment is, 0–1 (occurrence of the states in ICSD, redox compatibility), to 4 decimals.</param>
public sealed record ScreenResult(
    string Formula,
    string? ReducedFormula,
    bool? ChargeNeutral,
    bool? ElectronegativityBalanced,
    bool? Valid,
    string? Reason,
    IReadOnlyDictionary<string, int>? OxidationStates,
    bool? Known,
    IReadOnlyDictionary<string, PropertyPrediction>? Predictions,
    string? Detail,
    string? Error,
    string? Rule = null,
    IReadOnlyList<OxidationSpecies>? Species = null,
    double? Plausibility = null)
{
    /// <summary>Position after filtering and ranking (1 = best); null when no ranking was asked for.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public int? Rank { get; init; }

    /// <summary>The Pareto front the result lies on (1 = non-dominated); null without ranking.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public int? ParetoFront { get; init; }

    /// <summary>The ranking score within its front; null without ranking.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public double? Score { get; init; }

    /// <summary>The objectives as ranked (mean ∓ σ, filter probability); null without ranking.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, double>? Objectives { get; init; }

    /// <summary>
    /// The oxidation-state assignment as a chemist writes it, <c>Sr+2 Ti+4 O-2</c>, <c>Fe+2/Fe+3 O-2</c>,
    /// <c>K+1 O-1/2 (superoxide)</c>; <paramref name="none"/> when there is none.
    /// </summary>
    public string OxidationStateText(string none = "") =>
        Species is { Count: > 0 } species
            ? OxidationSpecies.Format(species)
            : OxidationStates is null
                ? none
                : string.Join(" ", OxidationStates.Select(p => p.Key + p.Value.ToString("+0;-0;0", System.Globalization.CultureInfo.InvariantCulture)));
}
