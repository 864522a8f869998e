using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using MatAssistant.Agent.Answers;
using MatAssistant.Agent.Evaluation;
using MatAssistant.Literature;

namespace MatAssistant.Cli.Commands;

/// <summary>The assistant-level evaluations of <c>matassist eval</c>: answers to literature questions, and tool selection.</summary>
internal static class EvalModes
{
    /// <summary>Share of answers citing an expected document and containing the expected strings; latency of a warm process.</summary>
    public static int Answers(ParseResult parse, IReadOnlyList<RetrievalQuestion> questions)
    {
        var output = parse.InvocationConfiguration.Output;
        using var assistant = AssistantFactory.Create(parse, parse.InvocationConfiguration.Error);
        var results = new List<object>();
        var latencies = new List<double>();
        var passed = 0;
        foreach (var q in questions)
        {
            assistant.Reset();
            var watch = Stopwatch.StartNew();
            var answer = assistant.AskAsync(q.Question).GetAwaiter().GetResult();
            latencies.Add(watch.Elapsed.TotalMilliseconds);
            var cites = answer.Citations.Any(c => q.ExpectDocuments.Contains(c.Document, StringComparer.Ordinal));
            var text = answer.Answer;
            var all = q.ExpectAll.All(s => text.Contains(s, StringComparison.OrdinalIgnoreCase));
            var any = q.ExpectAny.Count == 0 || q.ExpectAny.Any(s => text.Contains(s, StringComparison.OrdinalIgnoreCase));
            var ok = cites && all && any;
            passed += ok ? 1 : 0;
            results.Add(new { q.Id, q.Question, Ok = ok, CitesExpectedDocument = cites, ContainsExpected = all && any, Milliseconds = Math.Round(latencies[^1], 1) });
            if (!parse.GetValue(CommonOptions.Json))
            {
                output.WriteLine($"  {q.Id}: {(ok ? "ok" : "FAILED")} {(cites ? "" : "(no expected citation) ")}{(all && any ? "" : "(expected text missing) ")}{latencies[^1]:F0} ms — {q.Question}");
            }
        }

        // The first question also pays for JIT and opening the searcher; the figure that matters is the warm one.
        var warm = latencies.Skip(1).Order().ToList();
        var p50 = warm.Count > 0 ? warm[warm.Count / 2] : latencies[0];
        var share = questions.Count == 0 ? 0 : passed / (double)questions.Count;
        if (parse.GetValue(CommonOptions.Json))
        {
            JsonOutput.Write(output, new { Mode = "answer", Questions = questions.Count, Passed = passed, Share = share, WarmP50Ms = Math.Round(p50, 1), FirstMs = Math.Round(latencies.FirstOrDefault(), 1), Results = results });
        }
        else
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{questions.Count} questions: {passed} answered with an expected citation and text ({share:P1}); warm p50 {p50:F1} ms, first {latencies.FirstOrDefault():F0} ms"));
        }

        return ExitCodes.Success;
    }

    /// <summary>Tool choice and key arguments of the offline planner on a tool-selection set.</summary>
    public static int Tools(ParseResult parse, string path)
    {
        IReadOnlyList<ToolSelectionCase> cases;
        try
        {
            cases = ToolSelectionEvaluator.Load(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            throw new UsageException($"the tool-selection set '{path}' could not be read: {e.Message}");
        }

        var report = ToolSelectionEvaluator.Evaluate(cases);
        var output = parse.InvocationConfiguration.Output;
        if (parse.GetValue(CommonOptions.Json))
        {
            JsonOutput.Write(output, new
            {
                Mode = "tools",
                report.Cases,
                report.ToolAccuracy,
                report.Accuracy,
                Failures = report.Outcomes.Where(o => !(o.ToolCorrect && o.ArgumentsCorrect)).Select(o => new { o.Case.Request, Expected = o.Case.Tool, Chosen = o.ChosenTool, o.Problem }),
            });
        }
        else
        {
            foreach (var o in report.Outcomes.Where(o => !(o.ToolCorrect && o.ArgumentsCorrect)))
            {
                output.WriteLine($"  FAILED {o.Case.Request} → {o.Problem}");
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{report.Cases} requests: tool accuracy {report.ToolAccuracy:P1}, tool + key arguments {report.Accuracy:P1}"));
        }

        return ExitCodes.Success;
    }

    /// <summary>
    /// Realistic requests judged by <see cref="RequestEvaluation"/>: each in a new conversation, except a follow-up ("ok,
    /// also check …"), which continues the previous one. Prints a table per category and every failure with its reasons.
    /// </summary>
    public static int Requests(ParseResult parse, string path)
    {
        var cases = ReadSet(() => RequestEvaluation.Read(path), "request", path);

        var output = parse.InvocationConfiguration.Output;
        var json = parse.GetValue(CommonOptions.Json);
        using var assistant = AssistantFactory.Create(parse, parse.InvocationConfiguration.Error);
        var outcomes = new List<RequestOutcome>();
        foreach (var c in cases)
        {
            if (!RequestEvaluation.IsFollowUp(c.Request))
            {
                assistant.Reset();
            }

            var watch = Stopwatch.StartNew();
            AssistantAnswer answer;
            try
            {
                answer = assistant.AskAsync(c.Request).GetAwaiter().GetResult();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // A crash on one request is a failure of that request, not of the evaluation.
                outcomes.Add(new RequestOutcome(c, false, [$"crashed: {e.GetType().Name}: {e.Message}"], watch.Elapsed.TotalMilliseconds, ""));
                continue;
            }

            var failures = RequestEvaluation.Judge(c, answer);
            outcomes.Add(new RequestOutcome(c, failures.Count == 0, failures, watch.Elapsed.TotalMilliseconds, answer.Answer));
            if (!json && failures.Count > 0)
            {
                output.WriteLine($"  FAILED {c.Id} ({c.Category}): {string.Join("; ", failures)}");
                output.WriteLine($"         {c.Request}");
            }
        }

        var scores = outcomes.GroupBy(o => o.Case.Category).Select(g => new CategoryScore(g.Key, g.Count(), g.Count(o => o.Passed))).ToList();
        var passed = outcomes.Count(o => o.Passed);
        if (json)
        {
            JsonOutput.Write(output, new
            {
                Mode = "requests",
                Requests = outcomes.Count,
                Passed = passed,
                Share = outcomes.Count == 0 ? 0 : passed / (double)outcomes.Count,
                Categories = scores,
                Failures = outcomes.Where(o => !o.Passed).Select(o => new { o.Case.Id, o.Case.Category, o.Case.Request, o.Failures }),
            });
            return ExitCodes.Success;
        }

        output.WriteLine();
        output.WriteLine("| category | requests | passed | share |");
        output.WriteLine("| --- | ---: | ---: | ---: |");
        foreach (var s in scores)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {s.Category} | {s.Requests} | {s.Passed} | {s.Share:P0} |"));
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| all | {outcomes.Count} | {passed} | {(outcomes.Count == 0 ? 0 : passed / (double)outcomes.Count):P1} |"));
        return ExitCodes.Success;
    }

    /// <summary>
    /// Intent accuracy per category of the three readings — rules alone, the sentence encoder alone, combined — on one
    /// file (<see cref="IntentEvaluation"/>), with the time per request. The encoder's exemplars are embedded before timing
    /// (a warm process), and that first load is reported apart.
    /// </summary>
    public static int Intents(ParseResult parse, string path)
    {
        var cases = ReadSet(() => IntentEvaluation.Read(path), "intent", path);

        var output = parse.InvocationConfiguration.Output;
        var load = Stopwatch.StartNew();
        var combined = MatAssistant.Agent.Brains.BrainFactory.Reader("combined");
        combined.Encoder!.Vote("warm up: embed the exemplars");
        var loadMs = load.Elapsed.TotalMilliseconds;
        var reports = new[]
        {
            IntentEvaluation.Evaluate(cases, MatAssistant.Agent.Planning.RequestReader.RulesOnly),
            IntentEvaluation.Evaluate(cases, MatAssistant.Agent.Brains.BrainFactory.Reader("encoder")),
            IntentEvaluation.Evaluate(cases, combined),
        };
        if (parse.GetValue(CommonOptions.Json))
        {
            JsonOutput.Write(output, new
            {
                Mode = "intents",
                Cases = cases.Count,
                EncoderLoadMs = Math.Round(loadMs, 1),
                Readings = reports.Select(r => new
                {
                    Reading = r.Mode.ToString().ToLowerInvariant(),
                    r.Correct,
                    r.Categories,
                    MedianMs = Math.Round(r.MedianMs, 2),
                    MaxMs = Math.Round(r.MaxMs, 2),
                    EncoderAsked = r.Outcomes.Count(o => o.Asked),
                    EncoderDecided = r.Outcomes.Count(o => o.ByEncoder),
                    Wrong = r.Outcomes.Where(o => !o.Correct).Select(o => new { o.Case.Request, Expected = IntentEvaluation.Name(o.Case.Expected), Chosen = IntentEvaluation.Name(o.Chosen) }),
                }),
            });
            return ExitCodes.Success;
        }

        foreach (var r in reports)
        {
            foreach (var o in r.Outcomes.Where(o => !o.Correct))
            {
                output.WriteLine($"  {r.Mode.ToString().ToLowerInvariant(),-8} WRONG {IntentEvaluation.Name(o.Chosen)} (expected {IntentEvaluation.Name(o.Case.Expected)}): {o.Case.Request}");
            }
        }

        output.WriteLine();
        output.WriteLine("| category | requests | rules | encoder | combined |");
        output.WriteLine("| --- | ---: | ---: | ---: | ---: |");
        var categories = reports[0].Categories.Select(c => c.Category).ToList();
        foreach (var category in categories)
        {
            var scores = reports.Select(r => r.Categories.First(c => c.Category == category)).ToList();
            output.WriteLine($"| {category} | {scores[0].Requests} | {string.Join(" | ", scores.Select(s => s.Passed))} |");
        }

        output.WriteLine($"| all | {cases.Count} | {string.Join(" | ", reports.Select(r => r.Correct))} |");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ms per request (median / max): rules {reports[0].MedianMs:F2} / {reports[0].MaxMs:F1}, encoder {reports[1].MedianMs:F2} / {reports[1].MaxMs:F1}, combined {reports[2].MedianMs:F2} / {reports[2].MaxMs:F1} (encoder decided {reports[2].Outcomes.Count(o => o.ByEncoder)}, asked {reports[2].Outcomes.Count(o => o.Asked)}); model load and exemplar embedding {loadMs:F0} ms once"));
        return ExitCodes.Success;
    }

    /// <summary>An evaluation set read by <paramref name="read"/>, or a usage error naming the file and what was wrong.</summary>
    private static T ReadSet<T>(Func<T> read, string kind, string path)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            throw new UsageException($"the {kind} set '{path}' could not be read: {e.Message}");
        }
    }
}
