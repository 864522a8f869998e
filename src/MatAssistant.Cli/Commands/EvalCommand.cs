using System.CommandLine;
using System.Globalization;
using MatAssistant.Literature;

namespace MatAssistant.Cli.Commands;

/// <summary><c>matassist eval FILE.jsonl --mode retrieval</c>: recall@1, recall@k and MRR of literature search.</summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "Evaluation set: one JSON object a line, or a CSV for --mode properties (see ../shared/eval/README.md)." };
        var mode = new Option<string>("--mode") { Description = "What to evaluate: retrieval (default; recall@k and MRR of search), answer (the assistant's answers cite an expected document and contain the expected strings) tools (tool choice and key arguments of a tool-selection set) requests (realistic requests judged per category: tools, citations, strings, numbers, candidates, refusals, clarifying questions) intents (intent accuracy per category of the rules, the sentence encoder and both combined, with ms per request; request, intent, tool-selection, word-problem or design-reading sets) or properties (a formula,gap_ev,is_metal CSV such as ../shared/eval/properties_dev.csv: band-gap MAE, 1σ/2σ coverage and misclassified insulators of the shipped models).", DefaultValueFactory = _ => "retrieval" };
        var top = new Option<int>("--top") { Description = "k of recall@k (default 5).", DefaultValueFactory = _ => 5 };
        var corpus = AssistantFactory.Corpus;
        var command = new Command("eval", "Evaluate against a question set and report metrics.") { file, mode, top };
        AssistantFactory.AddOptions(command);
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var selected = parse.GetValue(mode)!.ToLowerInvariant();
            if (selected is not ("retrieval" or "answer" or "tools" or "requests" or "intents" or "properties"))
            {
                throw new UsageException($"--mode '{selected}' is not known: use retrieval, answer, tools, requests, intents or properties.");
            }

            if (selected == "intents")
            {
                return EvalModes.Intents(parse, parse.GetValue(file)!);
            }

            if (selected == "properties")
            {
                return EvalProperties.Run(parse, parse.GetValue(file)!, AppPaths.Models);
            }

            if (selected == "tools")
            {
                return EvalModes.Tools(parse, parse.GetValue(file)!);
            }

            if (selected == "requests")
            {
                return EvalModes.Requests(parse, parse.GetValue(file)!);
            }

            var k = parse.GetValue(top);
            if (k is < 1 or > 100)
            {
                throw new UsageException($"--top must be between 1 and 100, got {k}.");
            }

            var path = parse.GetValue(file)!;
            List<RetrievalQuestion> questions;
            try
            {
                questions = RetrievalEvaluation.Read(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
            {
                throw new UsageException($"the evaluation set '{path}' could not be read: {e.Message}");
            }

            if (selected == "answer")
            {
                return EvalModes.Answers(parse, questions);
            }

            using var index = LiteratureCommon.Open(parse, parse.GetValue(corpus));
            var metrics = RetrievalEvaluation.Evaluate(index, questions, Math.Max(k, 1));
            if (parse.GetValue(CommonOptions.Json))
            {
                // A dictionary, because the key names carry k ("recall_at_5"), which a property name cannot.
                JsonOutput.Write(output, new Dictionary<string, object?>
                {
                    ["mode"] = selected,
                    ["questions"] = metrics.Questions,
                    ["recall_at_1"] = metrics.RecallAt1,
                    [$"recall_at_{metrics.K}"] = metrics.RecallAtK,
                    ["mrr"] = metrics.Mrr,
                    ["k"] = metrics.K,
                    ["median_query_ms"] = Math.Round(metrics.MedianMilliseconds, 3),
                    ["results"] = metrics.Results,
                });
                return ExitCodes.Success;
            }

            foreach (var r in metrics.Results)
            {
                output.WriteLine(r.Rank is { } rank ? $"  {r.Id}: rank {rank} ({r.Document} § {r.Section})" : $"  {r.Id}: MISSED — {r.Question}");
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{metrics.Questions} questions: recall@1 {metrics.RecallAt1:F3}, recall@{metrics.K} {metrics.RecallAtK:F3}, MRR {metrics.Mrr:F3}, median query {metrics.MedianMilliseconds:F1} ms"));
            return ExitCodes.Success;
        });
        return command;
    }
}
