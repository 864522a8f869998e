namespace MatAssistant.Screening.Surrogates;

/// <summary>What a surrogate predicts.</summary>
public enum SurrogateKind
{
    /// <summary>A real-valued property; L1 loss, mean ± σ.</summary>
    Regression,

    /// <summary>A yes/no property; the prediction is the probability of "yes", σ is the spread of the members' probabilities.</summary>
    Classification,
}

/// <summary>How the targets of rows with the same reduced composition (polymorphs) are combined.</summary>
public enum PolymorphAggregate
{
    /// <summary>The average (a property of "some polymorph").</summary>
    Mean,

    /// <summary>The lowest value: for formation energy, the ground-state polymorph, the one that would form.</summary>
    Minimum,
}

/// <summary>One shipped surrogate: the property it predicts, named for what it predicts, and the data set it learns from.</summary>
/// <param name="Name">Prediction key and model file stem, e.g. <c>band_gap</c>.</param>
/// <param name="Dataset">Data set stem in the shared data directory, e.g. <c>expt_gap</c>.</param>
/// <param name="Kind">Regression or classification.</param>
/// <param name="Unit">Unit of the prediction (<c>probability</c> for a classifier).</param>
/// <param name="Description">One sentence for the model card and <c>--help</c>.</param>
/// <param name="NonNegative">Predictions are clipped at zero (band gaps).</param>
/// <param name="GroupByComposition">Training rows with the same reduced composition are averaged first (polymorphs in MP sets).</param>
/// <param name="ZeroInflated">
/// Many targets are exactly 0 (metals' band gaps): each member is a hurdle model, a classifier "is the value above 0" plus a
/// regressor trained on the positive rows only, and predicts 0 when the classifier says so.
/// </param>
/// <param name="Aggregate">How polymorph targets are combined when <paramref name="GroupByComposition"/> is set (default mean).</param>
/// <param name="ZeroForElements">A pure element has the value 0 by definition (formation energy): predicted as 0 ± 0, not by the network.</param>
/// <param name="CleanMetalLabels">Training labels are cross-checked against the DFT gap and closed-shell chemistry (<see cref="MetalLabels"/>).</param>
public sealed record SurrogateSpec(
    string Name,
    string Dataset,
    SurrogateKind Kind,
    string Unit,
    string Description,
    bool NonNegative = false,
    bool GroupByComposition = false,
    bool ZeroInflated = false,
    PolymorphAggregate Aggregate = PolymorphAggregate.Mean,
    bool ZeroForElements = false,
    bool CleanMetalLabels = false)
{
    /// <summary>File name of the model in <c>models/</c>.</summary>
    public string FileName => $"{Name}.surrogate";
}

/// <summary>The surrogates the project ships.</summary>
public static class SurrogateCatalog
{
    public static SurrogateSpec FormationEnergy { get; } = new(
        "formation_energy", "mp_e_form", SurrogateKind.Regression, "eV/atom",
        "DFT (GGA/GGA+U) formation energy per atom of the lowest-energy polymorph, from Materials Project via Matbench mp_e_form; 0 for a pure element.",
        GroupByComposition: true, Aggregate: PolymorphAggregate.Minimum, ZeroForElements: true);

    public static SurrogateSpec BandGap { get; } = new(
        "band_gap", "expt_gap", SurrogateKind.Regression, "eV",
        "Experimental band gap (Zhuo et al. 2018 via Matbench expt_gap); 0 for metals.", NonNegative: true, ZeroInflated: true, CleanMetalLabels: true);

    public static SurrogateSpec DftBandGap { get; } = new(
        "dft_band_gap", "mp_gap", SurrogateKind.Regression, "eV",
        "PBE band gap from Materials Project via Matbench mp_gap (underestimates experiment).", NonNegative: true, GroupByComposition: true, ZeroInflated: true);

    public static SurrogateSpec IsMetal { get; } = new(
        "is_metal", "expt_is_metal", SurrogateKind.Classification, "probability",
        "Probability that the compound is a metal (experimental classification, Matbench expt_is_metal).", CleanMetalLabels: true);

    public static IReadOnlyList<SurrogateSpec> All { get; } = [FormationEnergy, BandGap, DftBandGap, IsMetal];

    /// <summary>The spec named <paramref name="name"/> (case-insensitive), or null.</summary>
    public static SurrogateSpec? Find(string name) =>
        All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));
}
