using System.Text.Json;

namespace MatAssistant.Agent.Tests;

/// <summary>
/// Literature answers by kind of question (TestData/faq_answers.jsonl): our own wording and entities, not the eval's. Each
/// line says what the answer must contain, must not contain, which document it must cite, or that it must say the corpus
/// does not report it, with no figure.
/// </summary>
public sealed class FaqAnswerSpecTests(OfflineAssistantFixture fixture) : IClassFixture<OfflineAssistantFixture>
{
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var line in File.ReadLines(Path.Combine(AppContext.BaseDirectory, "TestData", "faq_answers.jsonl")).Where(l => l.Trim().Length > 0))
        {
            data.Add(line);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Answer_MeetsItsSpec(string line)
    {
        using var spec = JsonDocument.Parse(line);
        var root = spec.RootElement;
        using var assistant = fixture.Create();
        var answer = await assistant.AskAsync(root.GetProperty("question").GetString()!);
        var text = answer.Answer;
        if (root.TryGetProperty("refuse", out var refuse) && refuse.GetBoolean())
        {
            Assert.Contains("does not report", text, StringComparison.OrdinalIgnoreCase);
            var body = text[(text.IndexOf("does not report", StringComparison.OrdinalIgnoreCase))..];
            Assert.DoesNotMatch(@"\d+(?:\.\d+)?\s*(?:%|kWh|kg)", body);
            return;
        }

        foreach (var s in Strings(root, "all"))
        {
            Assert.Contains(s, text, StringComparison.OrdinalIgnoreCase);
        }

        var any = Strings(root, "any").ToList();
        if (any.Count > 0)
        {
            Assert.Contains(any, s => text.Contains(s, StringComparison.OrdinalIgnoreCase));
        }

        foreach (var s in Strings(root, "none"))
        {
            Assert.DoesNotContain(s, text, StringComparison.OrdinalIgnoreCase);
        }

        var documents = Strings(root, "documents").ToList();
        Assert.Contains(answer.Citations, c => documents.Any(d => c.Document.StartsWith(d, StringComparison.Ordinal)));
        AssertCitationsInOrderAndVerbatim(answer);
    }

    [Fact]
    public async Task CitationNumbers_RunInTheOrderTheyAppear()
    {
        using var assistant = fixture.Create();
        var answer = await assistant.AskAsync("which VAE variants does the strategic frontiers review mention for discrete data?");
        Assert.NotEmpty(answer.Citations);
        AssertCitationsInOrderAndVerbatim(answer);
    }

    [Fact]
    public async Task WeakPoint_QuotesTheHoweverSentenceVerbatim()
    {
        using var assistant = fixture.Create();
        var answer = await assistant.AskAsync("what was the weak point of Court et al.'s conditional VAE for generating crystals beyond a single chemical system?");
        Assert.Contains(answer.Citations, c => c.Quote.Contains("U-Net segmentation network", StringComparison.Ordinal));
        AssertCitationsInOrderAndVerbatim(answer);
    }

    private static void AssertCitationsInOrderAndVerbatim(MatAssistant.Agent.Answers.AssistantAnswer answer)
    {
        var markers = System.Text.RegularExpressions.Regex.Matches(answer.Answer, @"\[(\d+)\]").Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).Distinct().ToList();
        Assert.Equal(Enumerable.Range(1, markers.Count), markers);
        foreach (var c in answer.Citations)
        {
            var stored = File.ReadAllText(Path.Combine(OfflineAssistantFixture.CorpusDirectory, c.Document));
            Assert.Equal(stored[c.Start..c.End], c.Quote);
        }
    }

    private static IEnumerable<string> Strings(JsonElement root, string name) =>
        root.TryGetProperty(name, out var array) ? array.EnumerateArray().Select(e => e.GetString()!) : [];
}
