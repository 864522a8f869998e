using MatAssistant.Chemistry;
using MatAssistant.Screening;
using MatAssistant.Screening.Ranking;
using MatAssistant.Screening.Surrogates;

namespace MatAssistant.Application.Screening;

/// <summary>What to screen and under which rules (docs/contracts.md, <c>ScreenRequest</c>).</summary>
/// <param name="Formulas">The formulas, as written; a formula that cannot be read gives a result with <c>error</c>, the rest are still screened.</param>
/// <param name="OxidationStates">Oxidation-state set: <c>default</c> (ICSD 2024 states reported at least 3 times, SMACT 4's), <c>icsd24_filtered</c>, <c>icsd</c> (pymatgen's), <c>common</c>, <c>all</c>, <c>smact14</c> (read from ../shared/data/smact), or a SMACT-format file.</param>
/// <param name="Electronegativities"><c>pauling</c> (default) or SMACT's <c>element_data.txt</c>.</param>
/// <param name="Metals">Metals of the alloy rule: <c>smact</c> (default) or <c>pymatgen</c>.</param>
/// <param name="MixedValence">Allow one element in two oxidation states (Fe3O4 as Fe+2/Fe+3) and peroxide/superoxide oxygen; default true (docs/screen.md: 93 % of Materials Project formulas are then valid). False gives SMACT's one state per element.</param>
/// <param name="Where">A filter on predictions and flags (<c>band_gap &gt; 2 and formation_energy &lt; 0</c>); the rest are left out and counted.</param>
/// <param name="Rank">Objectives (<c>formation_energy:min,band_gap:max</c>); with <see cref="Where"/> alone the default is <c>filter,formation_energy:min</c>.</param>
/// <param name="Predict">Attach property predictions when models are available (default true).</param>
public sealed record ScreenRequest(
    IReadOnlyList<string> Formulas,
    string OxidationStates = "default",
    string Electronegativities = "pauling",
    string Metals = "smact",
    bool MixedValence = true,
    string? Where = null,
    string? Rank = null,
    bool Predict = true);

/// <summary>The rules a screen ran under, named, so a verdict can be reproduced.</summary>
public sealed record ScreenRulesUsed(string OxidationStates, string Electronegativities, string Metals, bool MixedValence, string? KnownReference);

/// <summary>What <c>ScreenFormulas</c> returns (docs/contracts.md, <c>ScreenResult</c>).</summary>
/// <param name="Results">One result per formula in input order; with a filter or ranking, those that pass, best first.</param>
/// <param name="Rules">The rules used.</param>
/// <param name="Screened">How many formulas were screened.</param>
/// <param name="Matched">With a filter or ranking, how many passed it; else null.</param>
/// <param name="Filter">The filter as parsed.</param>
/// <param name="Ranking">The ranking, in words.</param>
/// <param name="MissingModels">Property models that are not available.</param>
/// <param name="ConstraintsNotEnforced">Options that were read but could not be applied.</param>
public sealed record ScreenResponse(
    IReadOnlyList<ScreenResult> Results,
    ScreenRulesUsed Rules,
    int Screened,
    int? Matched,
    string? Filter,
    string? Ranking,
    IReadOnlyList<string> MissingModels,
    IReadOnlyList<NotEnforced> ConstraintsNotEnforced) : IUnderstood
{
    public string Schema { get; init; } = ContractJson.Schema;

    public string Understood =>
        $"screen {Screened} formula{(Screened == 1 ? "" : "s")} ({string.Join(", ", Results.Take(8).Select(r => r.Formula))}{(Results.Count > 8 ? ", …" : "")}) with SMACT's charge-neutrality and electronegativity rules ({Rules.OxidationStates} oxidation states{(Rules.MixedValence ? ", mixed valence allowed" : "")})"
        + (Filter is null ? "" : $", keeping those predicted to meet {Filter}")
        + (Ranking is null ? "" : $", ranked by {Ranking}");
}

/// <summary>
/// The screen use case: SMACT charge neutrality and electronegativity balance, novelty against the shipped reference,
/// property predictions, filter and Pareto ranking. The CLI's <c>screen</c>, the kernel's <c>compositions_screen</c> and the
/// web and MCP front ends all call this.
/// </summary>
public sealed class ScreenFormulas(Workspace workspace)
{
    /// <summary>Most formulas one request may hold (a larger input is streamed through <see cref="Stream"/>).</summary>
    public const int MaxFormulas = 100_000;

    /// <summary>Formulas screened per batch when streaming: bounded memory for a million formulas.</summary>
    public const int BatchSize = 4096;

    public Task<ScreenResponse> RunAsync(ScreenRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Formulas is not { Count: > 0 })
        {
            throw new RequestException("give at least one formula to screen (e.g. SrTiO3, Fe2O3).");
        }

        if (request.Formulas.Count > MaxFormulas)
        {
            throw new RequestException($"at most {MaxFormulas} formulas can be screened in one request; {request.Formulas.Count} were given (stream a file instead).");
        }

        var session = Open(request);
        var results = new List<ScreenResult>(request.Formulas.Count);
        foreach (var batch in request.Formulas.Chunk(BatchSize))
        {
            cancellationToken.ThrowIfCancellationRequested();
            results.AddRange(session.Screener.ScreenBatch(batch));
        }

        return Task.FromResult(session.Finish(results));
    }

    /// <summary>
    /// Opens a screen for formulas that arrive as a stream: the CLI screens a file batch by batch through
    /// <see cref="ScreenSession.ScreenBatch"/> and writes each batch before reading the next.
    /// </summary>
    public ScreenSession Open(ScreenRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var rules = Rules(request.OxidationStates, request.Electronegativities, request.Metals, request.MixedValence);
        var predictor = request.Predict ? workspace.Predictor : null;
        var ranking = PropertyRanking.From(request.Where, request.Rank, predictor ?? EmptyPredictor);
        var screener = new CompositionScreener(new ScreenerOptions(rules, workspace.Known, predictor is { Names.Count: > 0 } ? predictor : null));
        var notEnforced = new List<NotEnforced>();
        var used = new ScreenRulesUsed(rules.OxidationStates.Name, rules.Electronegativities.Name, rules.Metals.Name, rules.MixedValence, workspace.Known?.Source);
        return new ScreenSession(screener, ranking, used, predictor?.Missing ?? [], notEnforced);
    }

    private static readonly PropertyPredictor EmptyPredictor = new([], []);

    /// <summary>
    /// The screening rules a request names: the product's defaults (<see cref="ScreeningRules.Default"/>) with the given
    /// oxidation states, electronegativities and metals; mixed valence and peroxides on or off together.
    /// </summary>
    public static ScreeningRules Rules(string oxidationStates, string electronegativities = "pauling", string metals = "smact", bool mixedValence = true) =>
        ScreeningRules.Default with
        {
            OxidationStates = Load("oxidation_states", oxidationStates, name => OxidationStateSet.Resolve(name, SmactDirectory())),
            Electronegativities = Load("electronegativities", electronegativities, ElectronegativityTable.Resolve),
            Metals = metals.ToUpperInvariant() switch
            {
                "SMACT" => MetalSet.Smact,
                "PYMATGEN" => MetalSet.Pymatgen,
                var other => throw new RequestException($"metals '{other.ToLowerInvariant()}' is not known: use smact or pymatgen."),
            },
            MixedValence = mixedValence,
            Peroxides = mixedValence,
        };

    /// <summary>SMACT's data files, for the smact14 set that does not ship: ../shared/data/smact when present.</summary>
    private static string? SmactDirectory() => SharedDataLocator.TryFindDataDirectory() is { } data ? Path.Combine(data, "smact") : null;

    private static T Load<T>(string what, string value, Func<string, T> resolve)
    {
        try
        {
            return resolve(value);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or ArgumentException)
        {
            throw new RequestException($"{what} '{value}' could not be used: {e.Message}", e);
        }
    }
}

/// <summary>An open screen: rules, models and ranking fixed, formulas screened batch by batch.</summary>
public sealed class ScreenSession
{
    private readonly List<NotEnforced> _notEnforced;

    internal ScreenSession(CompositionScreener screener, RankingOptions? ranking, ScreenRulesUsed rules, IReadOnlyList<string> missing, List<NotEnforced> notEnforced)
    {
        Screener = screener;
        Ranking = ranking;
        Rules = rules;
        MissingModels = missing;
        _notEnforced = notEnforced;
    }

    internal CompositionScreener Screener { get; }

    /// <summary>The filter and ranking, or null: then results can be written as they come.</summary>
    public RankingOptions? Ranking { get; }

    public ScreenRulesUsed Rules { get; }

    public IReadOnlyList<string> MissingModels { get; }

    /// <summary>Screens one batch; unreadable formulas give results with <c>error</c>.</summary>
    public ScreenResult[] ScreenBatch(IReadOnlyList<string> formulas, int threads = -1) => Screener.ScreenBatch(formulas, threads);

    /// <summary>The response over all results: filtered and ranked when asked.</summary>
    public ScreenResponse Finish(IReadOnlyList<ScreenResult> all)
    {
        ArgumentNullException.ThrowIfNull(all);
        if (Ranking is null)
        {
            return new ScreenResponse(all, Rules, all.Count, null, null, null, MissingModels, _notEnforced);
        }

        var ranked = CandidateRanker.FilterAndRank(all, Ranking).Select(r => r.Annotated()).ToList();
        return new ScreenResponse(ranked, Rules, all.Count, ranked.Count, Ranking.Filter?.Text, CandidateRanker.Describe(Ranking), MissingModels, _notEnforced);
    }
}
