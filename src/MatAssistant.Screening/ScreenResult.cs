using MatAssistant.Chemistry;

namespace MatAssistant.Screening;

/// <summary>One property prediction with its uncertainty.</summary>
/// <param name="Mean">Ensemble mean, in the property's unit.</param>
/// <param name="Std">Ensemble standard deviation (one σ).</param>
/// <param name="InDistribution">False when the composition lies outside the training data (distance or unseen element).</param>
/// <param name="Unit">The unit, e.g. <c>eV</c> or <c>eV/atom</c>.</param>
public sealed record PropertyPrediction(double Mean, double Std, bool InDistribution, string Unit);

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
