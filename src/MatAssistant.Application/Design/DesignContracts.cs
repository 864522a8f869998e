using MatAssistant.Generation;
using MatAssistant.Screening;

namespace MatAssistant.Application.Design;

/// <summary>How many distinct elements each candidate has; null bounds are free.</summary>
public sealed record ElementCountRange(int? Exact = null, int? Min = null, int? Max = null);

/// <summary>
/// A design request (docs/contracts.md, <c>DesignRequest</c>): what the candidates must contain and avoid, the property
/// window, and how many are wanted. Every field a brain fills is either enforced or reported in
/// <see cref="DesignResult.ConstraintsNotEnforced"/>.
/// </summary>
/// <param name="Count">Distinct candidates wanted (default 10; 1–1000).</param>
/// <param name="Include">Elements every candidate contains (all of them).</param>
/// <param name="IncludeAny">Groups: each candidate contains at least one element of every group; a group holds symbols or family names (<c>halogen</c>).</param>
/// <param name="Exclude">Symbols or family names no candidate contains (<c>Pb</c>, <c>rare_earth</c>, <c>toxic</c>).</param>
/// <param name="ElementsOnly">The chemical system: symbols or families, and nothing outside them.</param>
/// <param name="ElementCount">Exact, minimum or maximum number of distinct elements (binary = exact 2).</param>
/// <param name="Anion">An element that must take a negative oxidation state and be the most electronegative (N for a nitride).</param>
/// <param name="Stoichiometry">A prototype (<c>ABO3</c>, <c>AB2O4</c>) or structure-type name (<c>perovskite</c>); only the stoichiometry is checked.</param>
/// <param name="Where">A filter on predicted properties (<c>band_gap between 2 and 4 and formation_energy &lt; 0</c>).</param>
/// <param name="Rank">Ranking objectives (<c>formation_energy:min,band_gap:max</c>); default with a filter: filter probability, then formation energy.</param>
/// <param name="NovelOnly">Keep only compositions absent from the known-materials reference (default false: known ones are listed and marked).</param>
/// <param name="ValidOnly">Keep only compositions that pass SMACT's rules (default true).</param>
/// <param name="MinPlausibility">With <paramref name="ValidOnly"/>, also drop compositions whose best oxidation-state assignment is
/// less plausible than this (0–1; default 0.05). SMACT's rules accept a transition metal in a negative state beside oxygen
/// (Li4Mn3O as Li⁺ Mn⁻ O⁻); no chemist would propose it. About 8 % of the valid Materials Project compositions of a random
/// sample of 400 fall below 0.05, 22 % below 0.2; 0 keeps every valid one. Above 0, <see cref="RarestStateFloor"/> applies
/// too.</param>
/// <param name="OxidationStates">The oxidation-state set of the screen (default <c>default</c>: ICSD 2024, as <c>ScreenRequest</c>).</param>
/// <param name="MixedValence">Allow one element in two states and peroxide oxygen (default true, as <c>ScreenRequest</c>).</param>
/// <param name="Seed">Sampling seed; the same request and seed give the same candidates (default 1).</param>
/// <param name="Temperature">Sampling temperature (default: the model's).</param>
/// <param name="TopK">Top-k sampling (default: the model's).</param>
/// <param name="TopP">Nucleus sampling mass (default: the model's).</param>
/// <param name="MaxAtoms">Largest formula unit as generated.</param>
/// <param name="SampleBudget">Most samples drawn before giving up (default 40,000).</param>
/// <param name="TimeBudgetSeconds">Most seconds spent sampling (default 30).</param>
/// <param name="ListKnown">Also list the known compositions of the requested chemical system ("which Ca–Al–O compositions are
/// already known?"; default false); the system is <paramref name="ElementsOnly"/> when it names only elements, or
/// <paramref name="Include"/> with an exact element count of its size.</param>
/// <param name="AllowRadioactive">Let the generator use radioactive elements (the <c>radioactive</c> family: Tc, Pm, Po–Lr)
/// that the request does not name (default false: BaPaO3 is no candidate for a device; a requested element, such as U
/// in "uranium nitrides", is always allowed).</param>
/// <param name="KnownOnly">Keep only compositions in the known-materials reference ("list 8 well-known rocksalt monoxides";
/// default false). The generator mostly proposes new compositions, so without it such a request got RuO, OsO and SO; a
/// prototype's known members are also found by listing its space. Cannot be combined with <paramref name="NovelOnly"/>.</param>
public sealed record DesignRequest(
    int Count = DesignRequest.DefaultCount,
    IReadOnlyList<string>? Include = null,
    IReadOnlyList<IReadOnlyList<string>>? IncludeAny = null,
    IReadOnlyList<string>? Exclude = null,
    IReadOnlyList<string>? ElementsOnly = null,
    ElementCountRange? ElementCount = null,
    string? Anion = null,
    string? Stoichiometry = null,
    string? Where = null,
    string? Rank = null,
    bool NovelOnly = false,
    bool ValidOnly = true,
    double MinPlausibility = DesignRequest.DefaultMinPlausibility,
    string OxidationStates = "default",
    bool MixedValence = true,
    int Seed = 1,
    double? Temperature = null,
    int? TopK = null,
    double? TopP = null,
    int? MaxAtoms = null,
    int? SampleBudget = null,
    double? TimeBudgetSeconds = null,
    bool ListKnown = false,
    bool AllowRadioactive = false,
    bool KnownOnly = false)
{
    /// <summary>Candidates proposed when the user gave no number.</summary>
    public const int DefaultCount = 10;

    /// <summary>The default <see cref="MinPlausibility"/>.</summary>
    public const double DefaultMinPlausibility = 0.05;

    /// <summary>
    /// With <see cref="MinPlausibility"/> above 0, a candidate is also dropped when one of its states has fewer than this
    /// share of its element's usual state's ICSD 2024 reports: La+4 (0.11 %), Mn−1 (0.11 %), peroxide O−1 (0.44 %) go;
    /// Mn+5 (0.83 %), Ni+4 (1.5 %), Fe+4 (1.9 %) stay. A peroxide is therefore proposed only with min_plausibility 0.
    /// </summary>
    public const double RarestStateFloor = 0.005;

    /// <summary>Most candidates one request may ask for.</summary>
    public const int MaxCount = 1000;

    /// <summary>Samples drawn at most when <see cref="SampleBudget"/> is not given.</summary>
    public const int DefaultSampleBudget = 40_000;

    /// <summary>Seconds of sampling at most when <see cref="TimeBudgetSeconds"/> is not given (the assistant's tool timeout is 60 s).</summary>
    public const double DefaultTimeBudgetSeconds = 30;
}

/// <summary>One proposed composition (docs/contracts.md, <c>DesignResult.candidates</c>).</summary>
/// <param name="Formula">The formula as generated, reduced.</param>
/// <param name="ReducedFormula">Reduced formula in electronegativity order.</param>
/// <param name="Elements">Its elements.</param>
/// <param name="Valid">SMACT validity.</param>
/// <param name="Reason">Why (<c>charge_balanced</c>, <c>not_charge_neutral</c>, …).</param>
/// <param name="OxidationStates">The assignment found, one state per element (null for a mixed-valence one: see <paramref name="Species"/>).</param>
/// <param name="Species">The assignment as species (Fe+2 ×1, Fe+3 ×2), mixed valence and peroxide included.</param>
/// <param name="Rule">Which rule passed: single_valence, mixed_valence, alloy, single_element; null when invalid.</param>
/// <param name="Plausibility">How usual the assignment's states are (ICSD 2024 occurrence, redox compatibility), 0–1.</param>
/// <param name="Known">In the known-materials reference; null without one.</param>
/// <param name="Novel">Not in the reference; null without one.</param>
/// <param name="KnownReference">The reference checked against.</param>
/// <param name="Predictions">Property predictions with σ and the out-of-distribution flag.</param>
/// <param name="MeetsAll">True when it meets every constraint and the filter; false for the closest candidates shown when none does.</param>
/// <param name="Rank">Position (1 = best).</param>
/// <param name="ParetoFront">Pareto front on the requested properties, when ranked by them.</param>
/// <param name="LogProbability">Log probability of the sample under the generator; null for a composition listed by enumerating the prototype.</param>
/// <param name="Detail">A sentence for a person.</param>
public sealed record DesignCandidate(
    string Formula,
    string ReducedFormula,
    IReadOnlyList<string> Elements,
    bool Valid,
    string Reason,
    IReadOnlyDictionary<string, int>? OxidationStates,
    IReadOnlyList<MatAssistant.Chemistry.OxidationSpecies>? Species,
    string? Rule,
    double? Plausibility,
    bool? Known,
    bool? Novel,
    string? KnownReference,
    IReadOnlyDictionary<string, PropertyPrediction>? Predictions,
    bool MeetsAll,
    int Rank,
    int? ParetoFront,
    double? LogProbability,
    string? Detail)
{
    /// <summary><see cref="Source"/> of a sample of the composition language model.</summary>
    public const string Generated = "generator";

    /// <summary><see cref="Source"/> of a composition listed by enumerating a closed prototype space the sampler left short.</summary>
    public const string Enumerated = "enumerated";

    /// <summary>Where the candidate came from: <see cref="Generated"/> or <see cref="Enumerated"/>.</summary>
    public string Source { get; init; } = Generated;

    /// <summary>The assignment as a chemist writes it (<c>Sr+2 Ti+4 O-2</c>).</summary>
    public string OxidationStateText(string none = "") =>
        Species is { Count: > 0 } species
            ? MatAssistant.Chemistry.OxidationSpecies.Format(species)
            : OxidationStates is null
                ? none
                : string.Join(" ", OxidationStates.Select(p => p.Key + p.Value.ToString("+0;-0;0", System.Globalization.CultureInfo.InvariantCulture)));
}

/// <summary>The known compositions of a chemical system (<see cref="DesignRequest.ListKnown"/>).</summary>
/// <param name="System">The system's elements; empty when the request named no closed system.</param>
/// <param name="Formulas">Known reduced formulas holding every element of the system, fewest atoms first.</param>
/// <param name="Reference">The known-materials reference searched (the generator's data set, Materials Project).</param>
/// <param name="MaxCount">Largest count per element tried (the reference holds hashes, so formulas are enumerated and looked up).</param>
/// <param name="Note">Why nothing is listed, when nothing is.</param>
/// <param name="Prototype">Set when the list is the known members of the request's prototype space ("known KMF3 perovskites"),
/// every composition of it that meets the request's other constraints; <paramref name="System"/> is then the elements every
/// member holds.</param>
public sealed record KnownInSystem(IReadOnlyList<string> System, IReadOnlyList<string> Formulas, string? Reference, int MaxCount, string? Note, string? Prototype = null)
{
    /// <summary>The list in one sentence, as every front end shows it.</summary>
    public string Summary => Note ?? (Prototype is not null
        ? string.Create(global::System.Globalization.CultureInfo.InvariantCulture,
            $"Already known — in the known-materials reference ({Reference}, the Materials Project formulas of the generator's data set): {Formulas.Count} composition{(Formulas.Count == 1 ? "" : "s")} of {Prototype} that meet the request's constraints: {string.Join(", ", Formulas)} (every composition of the prototype that the allowed elements form was looked up).")
        : string.Create(global::System.Globalization.CultureInfo.InvariantCulture,
            $"Already known — in the known-materials reference ({Reference}, the Materials Project formulas of the generator's data set): {Formulas.Count} {string.Join("–", System)} composition{(Formulas.Count == 1 ? "" : "s")} with all {System.Count} elements: {string.Join(", ", Formulas)} (every reduced formula with counts up to {MaxCount} per element was looked up)."));
}

/// <summary>The generator used: where it came from and its size.</summary>
public sealed record GeneratorInfo(string Path, GptSize Size, long Parameters, SamplingDefaults Sampling, string? KnownReference, int KnownFormulas);

/// <summary>What <c>DesignCandidates</c> returns (docs/contracts.md, <c>DesignResult</c>).</summary>
/// <param name="Candidates">Candidates meeting everything, ranked; or, when none does, the closest few with <c>meets_all</c> false.</param>
/// <param name="Requested">How many were asked for.</param>
/// <param name="Delivered">How many meet every constraint and filter.</param>
/// <param name="SamplesDrawn">Samples drawn from the generator.</param>
/// <param name="DistinctDrawn">Distinct reduced formulas among them.</param>
/// <param name="ConstraintsApplied">Every constraint as read and enforced, in words.</param>
/// <param name="ConstraintsNotEnforced">Constraints read but not enforced, each with why.</param>
/// <param name="Rejected">How many distinct formulas each constraint rejected (for "why so few").</param>
/// <param name="Filter">The property filter as parsed.</param>
/// <param name="Ranking">The ranking in words.</param>
/// <param name="Metrics">Figures over all samples drawn.</param>
/// <param name="Model">The generator.</param>
/// <param name="Seconds">Wall-clock time.</param>
/// <param name="Note">What the user should know: fewer than asked and why, none meeting the filter.</param>
/// <param name="Understood">The request in words.</param>
public sealed record DesignResult(
    IReadOnlyList<DesignCandidate> Candidates,
    int Requested,
    int Delivered,
    int SamplesDrawn,
    int DistinctDrawn,
    IReadOnlyList<string> ConstraintsApplied,
    IReadOnlyList<NotEnforced> ConstraintsNotEnforced,
    IReadOnlyDictionary<string, int> Rejected,
    string? Filter,
    string? Ranking,
    GenerationMetrics Metrics,
    GeneratorInfo? Model,
    double Seconds,
    string? Note,
    string Understood) : IUnderstood
{
    public string Schema { get; init; } = ContractJson.Schema;

    /// <summary>The known compositions of the requested system, when <see cref="DesignRequest.ListKnown"/> asked for them; else null.</summary>
    public KnownInSystem? KnownInSystem { get; init; }
}
