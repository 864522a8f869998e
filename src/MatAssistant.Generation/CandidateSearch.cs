using System.Diagnostics;
using MatAssistant.Chemistry;

namespace MatAssistant.Generation;

/// <summary>One screened candidate.</summary>
/// <param name="Composition">The reduced composition.</param>
/// <param name="ReducedFormula">Reduced formula in electronegativity order.</param>
/// <param name="Verdict">The screening rules' verdict.</param>
/// <param name="Novel">True when the formula is not in the known-formula reference; null without a reference.</param>
/// <param name="LogProbability">Log probability of the sample that produced it.</param>
public sealed record Candidate(Composition Composition, string ReducedFormula, RuleVerdict Verdict, bool? Novel, double LogProbability);

/// <summary>Candidates, sorted (valid and novel first, then valid, then by likelihood), with the figures of all samples drawn.</summary>
/// <param name="Candidates">Distinct reduced formulas, at most the requested count.</param>
/// <param name="Metrics">Figures over every sample drawn (duplicates included).</param>
/// <param name="Samples">Samples drawn.</param>
/// <param name="Elapsed">Wall-clock time of sampling and screening.</param>
public sealed record CandidateSet(IReadOnlyList<Candidate> Candidates, GenerationMetrics Metrics, int Samples, TimeSpan Elapsed);

/// <summary>The generator's domain entry point for the CLI and the agent: sample, deduplicate, screen, sort.</summary>
public static class CandidateSearch
{
    /// <summary>
    /// Draws samples until <see cref="GenerationRequest.Count"/> distinct reduced formulas are found (at most
    /// <paramref name="maxRounds"/> rounds of <c>Count</c> samples, seeds derived from the request's), screens them with
    /// <paramref name="rules"/>, marks novelty with <paramref name="isKnown"/> and sorts them.
    /// </summary>
    public static CandidateSet Propose(
        CompositionGenerator generator,
        GenerationRequest request,
        CompositionRules rules,
        Func<Composition, bool>? isKnown,
        int maxRounds = 8)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentNullException.ThrowIfNull(request);
        var clock = Stopwatch.StartNew();
        var all = new List<Composition>();
        var firstByKey = new Dictionary<string, GeneratedComposition>(StringComparer.Ordinal);
        for (var round = 0; round < maxRounds && firstByKey.Count < request.Count; round++)
        {
            var samples = generator.Generate(request with { Seed = unchecked(request.Seed + (round * 7919)) });
            foreach (var sample in samples)
            {
                var reduced = sample.Composition.Reduce().Composition;
                all.Add(reduced);
                if (firstByKey.Count < request.Count)
                {
                    firstByKey.TryAdd(reduced.AlphabeticalFormula, sample with { Composition = reduced });
                }
            }

            if (samples.Count == 0)
            {
                break;
            }
        }

        var candidates = firstByKey.Values
            .Select(s => new Candidate(s.Composition, s.ReducedFormula, rules.Evaluate(s.Composition), isKnown is null ? null : !isKnown(s.Composition), s.LogProbability))
            .OrderByDescending(c => c.Verdict.Valid && c.Novel != false)
            .ThenByDescending(c => c.Verdict.Valid)
            .ThenByDescending(c => c.LogProbability)
            .ThenBy(c => c.ReducedFormula, StringComparer.Ordinal)
            .ToArray();
        var metrics = GenerationMetrics.Compute(all, rules, isKnown);
        return new CandidateSet(candidates, metrics, all.Count, clock.Elapsed);
    }
}
