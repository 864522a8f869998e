using System.Text.RegularExpressions;
using MatAssistant.Chemistry;
using MatAssistant.Screening.Surrogates;

namespace MatAssistant.Screening;

/// <summary>Options of <see cref="CompositionScreener"/>.</summary>
/// <param name="Rules">The SMACT rules and their data (default <see cref="ScreeningRules.Default"/>).</param>
/// <param name="KnownFormulas">Reference of known reduced formulas for the <c>known</c> field; null leaves it null.</param>
/// <param name="Predictor">Property surrogates for the <c>predictions</c> field; null leaves it null.</param>
public sealed record ScreenerOptions(ScreeningRules Rules, KnownFormulaSet? KnownFormulas = null, PropertyPredictor? Predictor = null)
{
    public static ScreenerOptions Default { get; } = new(ScreeningRules.Default);
}

/// <summary>Screens formulas: parse, reduce, SMACT rules, novelty. Immutable and thread-safe.</summary>
public sealed partial class CompositionScreener(ScreenerOptions options)
{
    private readonly CompositionRules _rules = new(options.Rules);

    public CompositionScreener()
        : this(ScreenerOptions.Default)
    {
    }

    public ScreenerOptions Options { get; } = options;

    /// <summary>Screens one formula; a formula that cannot be read gives a result with <see cref="ScreenResult.Error"/>, never an exception.</summary>
    public ScreenResult Screen(string formula)
    {
        if (!FormulaParser.TryParse(formula, out var composition, out var error))
        {
            return Failed(formula, error.Message);
        }

        return Screen(formula, composition);
    }

    /// <summary>Screens an already parsed composition, with predictions when <see cref="ScreenerOptions.Predictor"/> is set.</summary>
    public ScreenResult Screen(string formula, Composition composition)
    {
        var result = ScreenRules(formula, composition);
        return Options.Predictor is { } predictor ? result with { Predictions = predictor.Predict(composition) } : result;
    }

    private ScreenResult ScreenRules(string formula, Composition composition)
    {
        var verdict = _rules.Evaluate(composition);
        var known = Options.KnownFormulas?.Contains(composition);
        return new ScreenResult(
            formula,
            composition.ReducedFormula,
            verdict.ChargeNeutral,
            verdict.ElectronegativityBalanced,
            verdict.Valid,
            SnakeCase(verdict.Reason.ToString()),
            verdict.OxidationStates,
            known,
            null,
            verdict.Detail,
            null,
            verdict.Rule,
            verdict.Species,
            verdict.Plausibility is { } p ? Math.Round(p, 4) : null);
    }

    /// <summary>Screens a batch in parallel, results in input order.</summary>
    public ScreenResult[] ScreenBatch(IReadOnlyList<string> formulas, int maxDegreeOfParallelism = -1)
    {
        ArgumentNullException.ThrowIfNull(formulas);
        var results = new ScreenResult[formulas.Count];
        var compositions = new Composition?[formulas.Count];
        void ScreenOne(int i)
        {
            var formula = formulas[i] ?? string.Empty;
            try
            {
                if (FormulaParser.TryParse(formula, out var composition, out var error))
                {
                    results[i] = ScreenRules(formula, composition);
                    compositions[i] = composition;
                }
                else
                {
                    results[i] = Failed(formula, error.Message);
                }
            }
#pragma warning disable CA1031 // One formula that breaks the rules must not take the rest of the batch with it; its result says what happened.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                compositions[i] = null;
                results[i] = Failed(formula, $"Internal error while screening this formula ({exception.GetType().Name}: {exception.Message}); the other results are unaffected.");
            }
        }

        if (formulas.Count < 256 || maxDegreeOfParallelism == 1)
        {
            for (var i = 0; i < results.Length; i++)
            {
                ScreenOne(i);
            }
        }
        else
        {
            Parallel.For(0, formulas.Count, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism }, ScreenOne);
        }

        if (Options.Predictor is { } predictor)
        {
            // One batched pass per model on this thread: much faster than per formula, and TorchSharp calls stay off the pool.
            var index = Enumerable.Range(0, results.Length).Where(i => compositions[i] is not null).ToArray();
            var predictions = predictor.PredictBatch(index.Select(i => compositions[i]!).ToArray());
            for (var j = 0; j < index.Length; j++)
            {
                results[index[j]] = results[index[j]] with { Predictions = predictions[j] };
            }
        }

        return results;
    }

    private static ScreenResult Failed(string formula, string error) => new(formula, null, null, null, null, null, null, null, null, null, error);

    internal static string SnakeCase(string pascal) => CapitalAfterLower().Replace(pascal, "$1_$2").ToLowerInvariant();

    [GeneratedRegex("([a-z])([A-Z])")]
    private static partial Regex CapitalAfterLower();
}
