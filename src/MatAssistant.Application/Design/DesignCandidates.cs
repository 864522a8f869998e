using System.Diagnostics;
using System.Globalization;
using MatAssistant.Application.Screening;
using MatAssistant.Chemistry;
using MatAssistant.Generation;
using MatAssistant.Screening;
using MatAssistant.Screening.Ranking;

namespace MatAssistant.Application.Design;

/// <summary>
/// The design use case: samples the composition language model under the request's constraints, screens every distinct
/// composition, and keeps sampling until <see cref="DesignRequest.Count"/> candidates meet every constraint and the
/// property filter, or the sample or time budget runs out, saying then how many were found and what rejected the rest.
/// Constraints the decoder can enforce (include, exclude, system, element count) are masks; the others (at least one of a
/// group, the anion, the prototype, validity, novelty, the property window) are checked on each distinct composition.
/// </summary>
public sealed class DesignCandidates(Workspace workspace)
{
    /// <summary>Candidates shown, marked as not meeting everything, when none meets the filter.</summary>
    public const int ClosestShown = 5;

    public Task<DesignResult> RunAsync(DesignRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var plan = DesignPlan.Read(request, workspace);
        var result = workspace.WithGenerator(generator => Search(generator, request, plan, cancellationToken));
        return Task.FromResult(result);
    }

    private DesignResult Search(CompositionGenerator generator, DesignRequest request, DesignPlan plan, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var known = workspace.Known;
        var screener = new CompositionScreener(new ScreenerOptions(plan.Rules.Rules, known, plan.Predictor));
        var budget = request.SampleBudget ?? DesignRequest.DefaultSampleBudget;
        var seconds = request.TimeBudgetSeconds ?? DesignRequest.DefaultTimeBudgetSeconds;
        var all = new List<Composition>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var accepted = new List<(ScreenResult Screen, double? LogP)>();
        var closest = new List<(ScreenResult Screen, double? LogP)>();
        var rejected = new Dictionary<string, int>(StringComparer.Ordinal);
        var logP = new Dictionary<string, double?>(StringComparer.Ordinal);
        var exhausted = false;
        var extraRounds = 0;
        // A prototype space smaller than the count asked ("4 SrBO3 with Ti or Zr on B" has 2) can never be filled by
        // sampling: one round is drawn, then the space is listed, instead of spending the whole budget first.
        var space = plan.Enumerate();
        var tooSmall = space.Count > 0 && space.Count < request.Count;
        // Known ones only, with a bounded space of systems: the reference's own members are the whole answer, listed and
        // screened below; sampling could only find some of them.
        var knownSpace = space.Count == 0 ? plan.EnumerateKnown(known) : [];
        if (knownSpace.Count > 0)
        {
            space = knownSpace;
        }

        for (var round = 0; knownSpace.Count == 0 && (accepted.Count < request.Count || Usual(accepted) < request.Count && extraRounds++ < MoreUsualRounds); round++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (tooSmall && round >= 1)
            {
                break;
            }

            var left = budget - all.Count;
            if (left <= 0 || clock.Elapsed.TotalSeconds > seconds)
            {
                exhausted = true;
                break;
            }

            var n = Math.Min(left, Math.Max(512, request.Count * 16));
            IReadOnlyList<GeneratedComposition> samples;
            try
            {
                samples = generator.Generate(new GenerationRequest(n, unchecked(request.Seed + (round * 7919)), plan.Decoding, request.Temperature, request.TopK, request.TopP));
            }
            catch (ArgumentException e)
            {
                throw new RequestException(e.Message, e);
            }

            if (samples.Count == 0)
            {
                exhausted = true;
                break;
            }

            var pending = new List<(Composition Composition, double LogP)>();
            foreach (var sample in samples)
            {
                var reduced = sample.Composition.Reduce().Composition;
                all.Add(reduced);
                if (!seen.Add(reduced.AlphabeticalFormula))
                {
                    continue;
                }

                if (plan.Reject(reduced, known) is { } why)
                {
                    rejected[why] = rejected.GetValueOrDefault(why) + 1;
                    continue;
                }

                pending.Add((reduced, sample.LogProbability));
            }

            var screened = screener.ScreenBatch(pending.Select(p => p.Composition.Formula).ToArray(), 1);
            for (var i = 0; i < screened.Length; i++)
            {
                var screen = screened[i];
                logP[screen.Formula] = pending[i].LogP;
                if (plan.RejectScreened(screen) is { } why)
                {
                    rejected[why] = rejected.GetValueOrDefault(why) + 1;
                    if (why == DesignPlan.RejectedByFilter)
                    {
                        closest.Add((screen, pending[i].LogP));
                    }

                    continue;
                }

                accepted.Add((screen, pending[i].LogP));
            }
        }

        // A closed prototype space the sampler left short ("6 ABO3 perovskites with Sr"): list it, and screen every
        // composition the sampler did not already see, exactly as a sample is screened.
        var distinctDrawn = seen.Count;
        var enumerated = 0;
        var enumeratedAccepted = 0;
        var knownInSpace = new List<string>();
        if (accepted.Count < request.Count && space.Count > 0)
        {
            enumerated = space.Count;
            knownInSpace.AddRange(known is null ? [] : space.Where(known.Contains).Select(c => c.ReducedFormula));
            var fresh = new List<Composition>();
            foreach (var composition in space.Where(c => seen.Add(c.AlphabeticalFormula)))
            {
                if (plan.Reject(composition, known) is { } why)
                {
                    rejected[why] = rejected.GetValueOrDefault(why) + 1;
                    continue;
                }

                fresh.Add(composition);
            }

            foreach (var screen in screener.ScreenBatch(fresh.Select(c => c.ElectronegativityFormula).ToArray(), 1))
            {
                logP[screen.Formula] = null;
                if (plan.RejectScreened(screen) is { } why)
                {
                    rejected[why] = rejected.GetValueOrDefault(why) + 1;
                    if (why == DesignPlan.RejectedByFilter)
                    {
                        closest.Add((screen, null));
                    }

                    continue;
                }

                accepted.Add((screen, null));
                enumeratedAccepted++;
            }
        }

        var metrics = GenerationMetrics.Compute(all, plan.Rules, known is null ? null : known.Contains);
        var ordered = Order(accepted, plan.Ranking);
        if (knownSpace.Count > 0)
        {
            // Known ones have no model probability to prefer the likelier: usual oxidation states and the simplest formula
            // unit first (LiCoO2 before Li10Co4O9, what "well-known" means more often than not), then the ranking's order.
            ordered = ordered.OrderByDescending(c => c.Screen.Plausibility >= UsualStates).ThenBy(c => Composition.Parse(c.Screen.ReducedFormula ?? c.Screen.Formula).NumberOfAtoms);
        }

        var candidates = ordered.Take(request.Count).Select((c, i) => ToCandidate(c.Screen, c.LogP, c.Ranked, true, i + 1, known)).ToList();
        string? note = null;
        if (candidates.Count == 0 && closest.Count > 0 && plan.Ranking is not null)
        {
            note = $"None of the {distinctDrawn} distinct compositions drawn ({all.Count} samples) is predicted to meet \"{plan.Ranking.Filter?.Text}\" together with the other constraints; the {Math.Min(ClosestShown, closest.Count)} closest (by the probability that the filter holds) are shown instead, marked meets_all = false.";
            candidates = CandidateRanker.Rank(closest.Select(c => c.Screen), plan.Ranking).Take(ClosestShown)
                .Select((r, i) => ToCandidate(r.Result, logP[r.Result.Formula], r, false, i + 1, known)).ToList();
        }
        else if (accepted.Count < request.Count)
        {
            var reasons = rejected.OrderByDescending(p => p.Value).Select(p => $"{p.Value} {DesignPlan.Describe(p.Key)}");
            note = string.Create(CultureInfo.InvariantCulture,
                $"Only {accepted.Count} of the {request.Count} asked for meet every constraint: {distinctDrawn} distinct compositions were drawn in {all.Count} samples{(exhausted ? $" (the budget of {budget} samples or {seconds:0} s was reached)" : "")}{(enumerated > 0 && knownSpace.Count > 0 ? $", and all {enumerated} known compositions of the reference that hold the required elements were screened" : enumerated > 0 ? enumerated == 1 ? ", and the one composition of the prototype that the allowed elements form was listed and screened" : $", and every one of the {enumerated} compositions of the prototype that the allowed elements form was listed and screened" : "")}; rejected: {(rejected.Count == 0 ? "none" : string.Join(", ", reasons))}.");
        }

        var unusual = candidates.Where(c => c.MeetsAll && c.Plausibility < UsualStates).Select(c => c.ReducedFormula).ToList();
        if (unusual.Count > 0)
        {
            var why = string.Create(CultureInfo.InvariantCulture,
                $"{unusual.Count} of the {candidates.Count} listed need oxidation states that are unusual together (plausibility below {UsualStates:0.#}: {string.Join(", ", unusual.Take(8))}{(unusual.Count > 8 ? ", …" : "")}); no more usual composition meeting every constraint was drawn, and a chemist may reject these.");
            note = note is null ? why : note + " " + why;
        }

        if (enumerated > 0 && knownSpace.Count > 0)
        {
            var listed = string.Create(CultureInfo.InvariantCulture,
                $"Known ones only: the reference was searched directly instead of sampled, {enumerated} known composition{(enumerated == 1 ? "" : "s")} of {request.ElementCount?.Exact} elements hold the required elements; {enumeratedAccepted} of them meet every constraint; usual oxidation states and the fewest atoms per formula unit come first, then the ranking's order (source \"enumerated\").");
            note = note is null ? listed : note + " " + listed;
        }
        else if (enumerated > 0)
        {
            var listed = string.Create(CultureInfo.InvariantCulture,
                $"{(tooSmall ? $"The prototype's space is smaller than the {request.Count} asked for, so after one round of sampling it was listed" : "The sampler fell short, so the prototype's space was listed")}: {enumerated} composition{(enumerated == 1 ? "" : "s")} of it can be formed from the allowed elements; {enumeratedAccepted} of them not drawn by the sampler meet every constraint (source \"enumerated\", no log probability){(knownInSpace.Count > 0 ? $"; {knownInSpace.Count} of the {enumerated} already known: {string.Join(", ", knownInSpace.Take(12))}{(knownInSpace.Count > 12 ? ", …" : "")}" : "")}.");
            note = note is null ? listed : note + " " + listed;
        }

        var model = new GeneratorInfo(Path.GetFullPath(workspace.Options.GeneratorDirectory), generator.Manifest.Size, generator.Manifest.Parameters, generator.Manifest.Sampling, known?.Source, known?.Count ?? 0);
        return new DesignResult(
            candidates, request.Count, Math.Min(accepted.Count, request.Count), all.Count, distinctDrawn, plan.Applied, plan.NotEnforced,
            rejected, plan.Ranking?.Filter?.Text, plan.Ranking is null ? null : CandidateRanker.Describe(plan.Ranking), metrics,
            model, Math.Round(clock.Elapsed.TotalSeconds, 3), note, plan.Understood)
        {
            KnownInSystem = request.ListKnown ? KnownOf(request, known, space, plan) : null,
        };
    }

    /// <summary>The known compositions of the request's closed chemical system, or a note saying why there is no list.</summary>
    internal static KnownInSystem KnownOf(DesignRequest request, KnownFormulaSet? known, IReadOnlyList<Composition>? space = null, DesignPlan? plan = null)
    {
        var table = ElementTable.Default;
        var only = request.ElementsOnly ?? [];
        var include = request.Include ?? [];
        IReadOnlyList<string>? system = only.Count > 0 && only.All(s => table.TryGet(s, out _)) ? only
            : include.Count > 0 && request.ElementCount?.Exact == include.Count ? include
            : null;
        if (system is null && space is { Count: > 0 } && plan is not null)
        {
            // "List 6 known KMF3 perovskites": no closed system, but a closed prototype space, whose known members are the
            // answer. The novelty filter does not apply to a list of known compositions.
            var shared = space.Select(c => c.Elements.Select(e => e.Symbol)).Aggregate((a, b) => a.Intersect(b, StringComparer.Ordinal)).ToList();
            if (known is null)
            {
                return new KnownInSystem(shared, [], null, 0, "No known-materials reference is installed, so the known compositions cannot be listed.", plan.PrototypeWritten);
            }

            var members = space.Where(c => known.Contains(c) && plan.Reject(c, null) is null).Select(c => c.ReducedFormula).ToList();
            return new KnownInSystem(shared, members, known.Source, 0,
                members.Count == 0 ? $"The reference has no composition of {plan.PrototypeWritten} that meets the request's constraints (all {space.Count} of the prototype's compositions were looked up)." : null, plan.PrototypeWritten);
        }

        if (system is null)
        {
            return new KnownInSystem([], [], known?.Source, 0,
                "No list of known compositions: that needs a closed chemical system (only given elements, or the elements to include with an exact element count).");
        }

        var elements = system.Select(s => table[s]).Distinct().ToList();
        var maxCount = KnownFormulaSet.MaxCountInSystem(elements.Count);
        if (known is null)
        {
            return new KnownInSystem([.. elements.Select(e => e.Symbol)], [], null, maxCount, "No known-materials reference is installed, so the known compositions cannot be listed.");
        }

        var formulas = known.InSystem(elements).Select(c => c.Formula).ToList();
        return new KnownInSystem([.. elements.Select(e => e.Symbol)], formulas, known.Source, maxCount,
            formulas.Count == 0 ? $"The reference has no composition with all of {string.Join(", ", elements.Select(e => e.Symbol))} (counts up to {maxCount} per element tried)." : null);
    }

    /// <summary>Plausibility from which a candidate's states count as usual in the default order (known compounds' median is 0.74).</summary>
    internal const double UsualStates = 0.5;

    /// <summary>
    /// Rounds sampled beyond the first N accepted while some of them have unusual states, so that usual ones can take their
    /// place (regression: "ABO3 with B = Ti" delivered HfTiO3 as Hf+2 and TiPO3 as P+3 after one round). Counted in rounds,
    /// not seconds, so that a request gives the same list on a slow machine.
    /// </summary>
    internal const int MoreUsualRounds = 2;

    private static int Usual(List<(ScreenResult Screen, double? LogP)> accepted) => accepted.Count(a => a.Screen.Plausibility is null or >= UsualStates);

    private static IEnumerable<(ScreenResult Screen, double? LogP, RankedCandidate? Ranked)> Order(List<(ScreenResult Screen, double? LogP)> accepted, RankingOptions? ranking)
    {
        if (ranking is not null)
        {
            var byScreen = accepted.ToDictionary(a => (object)a.Screen, a => a.LogP, ReferenceEqualityComparer.Instance);
            return CandidateRanker.Rank(accepted.Select(a => a.Screen), ranking).Select(r => (r.Result, byScreen[r.Result], (RankedCandidate?)r));
        }

        // Without properties to rank by: valid and novel first, then usual oxidation states (plausibility ≥ 0.5: Li2Mn3O5
        // as Mn+2/Mn+3 before Li3MnO2 as Mn+1, which the model found likelier), then the model's own preference. A
        // threshold rather than the score itself, which would put every Mn+2 compound (1.0) before every Mn+4 one (0.61).
        return accepted
            .OrderByDescending(a => a.Screen.Valid == true && a.Screen.Known != true)
            .ThenByDescending(a => a.Screen.Valid == true)
            .ThenByDescending(a => a.Screen.Plausibility >= UsualStates)
            .ThenByDescending(a => a.LogP)
            .ThenBy(a => a.Screen.ReducedFormula, StringComparer.Ordinal)
            .Select(a => (a.Screen, a.LogP, (RankedCandidate?)null));
    }

    private static DesignCandidate ToCandidate(ScreenResult s, double? logP, RankedCandidate? ranked, bool meetsAll, int rank, KnownFormulaSet? known)
    {
        var composition = Composition.Parse(s.Formula);
        return new DesignCandidate(
            s.Formula, s.ReducedFormula ?? s.Formula, [.. composition.Elements.Select(e => e.Symbol)], s.Valid == true, s.Reason ?? "unknown",
            s.OxidationStates, s.Species, s.Rule, s.Plausibility, s.Known, s.Known is null ? null : !s.Known.Value, known?.Source, s.Predictions, meetsAll, rank,
            ranked?.Front, logP is { } p ? Math.Round(p, 4) : null, s.Detail)
        {
            Source = logP is null ? DesignCandidate.Enumerated : DesignCandidate.Generated,
        };
    }
}
