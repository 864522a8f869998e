using System.Text.Json;
using MatAssistant.Agent.Planning;

namespace MatAssistant.Agent.Tests;

/// <summary>Design requests as scientists write them, pinned in TestData/design_requests.jsonl: each expected argument must be what the planner gives the tool.</summary>
public class DesignReadingTests
{
    public static TheoryData<string> Lines()
    {
        var data = new TheoryData<string>();
        foreach (var line in File.ReadLines(Path.Combine(AppContext.BaseDirectory, "TestData", "design_requests.jsonl")).Where(l => l.Trim().Length > 0))
        {
            data.Add(line);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Lines))]
    public void DesignRequest_GivesTheToolTheseArguments(string line)
    {
        using var spec = JsonDocument.Parse(line);
        var text = spec.RootElement.GetProperty("request").GetString()!;
        var request = RequestParser.Parse(text);
        Assert.Equal(RequestIntent.Design, request.Intent);
        var arguments = ToolArguments.For(request);
        foreach (var expected in spec.RootElement.GetProperty("arguments").EnumerateObject())
        {
            Assert.True(arguments.TryGetValue(expected.Name, out var actual), $"{expected.Name} missing; got {JsonSerializer.Serialize(arguments)}");
            var want = expected.Value.ValueKind == JsonValueKind.Array
                ? JsonSerializer.Serialize(expected.Value.EnumerateArray().Select(e => e.GetString()).Order(StringComparer.Ordinal))
                : expected.Value.ToString();
            var got = actual is string[] list ? JsonSerializer.Serialize(list.Order(StringComparer.Ordinal)) : Convert.ToString(actual, System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(string.Equals(want, got, StringComparison.OrdinalIgnoreCase), $"{expected.Name}: expected {want}, got {got}; all: {JsonSerializer.Serialize(arguments)}");
        }

        // "absent": arguments the reading must not set (an example formula beside a prototype does not bound the count).
        if (spec.RootElement.TryGetProperty("absent", out var absent))
        {
            foreach (var name in absent.EnumerateArray().Select(a => a.GetString()!))
            {
                Assert.False(arguments.ContainsKey(name), $"{name} should not be set; got {JsonSerializer.Serialize(arguments)}");
            }
        }
    }

    [Fact]
    public void NotUsed_ListsWhatNoSlotTook()
    {
        var request = RequestParser.Parse("Propose 5 NASICON-type lithium oxides for a cathode");
        var notUsed = string.Join(" / ", request.NotUsed!);
        Assert.Contains("NASICON-type", notUsed, StringComparison.Ordinal);
        Assert.Contains("cathode", notUsed, StringComparison.Ordinal);
        Assert.DoesNotContain("lithium", notUsed, StringComparison.Ordinal);
        Assert.Contains(request.Design!.Notes, n => n.Contains("Battery performance", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Propose NaN oxides containing Zn")]
    [InlineData("Propose -3 oxides containing Zn")]
    [InlineData("Propose 5000 oxides containing Zn")]
    [InlineData("Propose 5 oxides with a band gap > NaN eV")]
    [InlineData("give me 2 compositions like LiFePO4 but with Xx instead of Fe")]
    public void BadNumbers_GetOneSentenceBack(string text)
    {
        var request = RequestParser.Parse(text);
        Assert.Equal(RequestIntent.Design, request.Intent);
        Assert.NotNull(request.MissingQuestion);
    }

    /// <summary>Regression: "ternary … with exactly five elements" generated ternaries and dropped the five without a word.</summary>
    [Theory]
    [InlineData("ternary oxides with exactly five elements please, 4 of them", "\"ternary\" and \"exactly five elements\"")]
    [InlineData("binary sulfides with at least 3 elements", "\"binary\" and \"at least 3 elements\"")]
    [InlineData("propose 4 oxides with at least 5 elements and at most 3 elements", "different numbers of elements")]
    public void ElementCountsThatDisagree_AreAskedAbout(string text, string says)
    {
        var request = RequestParser.Parse(text);
        Assert.Equal(RequestIntent.Design, request.Intent);
        Assert.Contains(says, request.MissingQuestion ?? "(no question asked)", StringComparison.Ordinal);
    }

    /// <summary>Regression: "explain … and check these formulas" ran only one tool.</summary>
    [Fact]
    public void ExplainAndCheck_UsesBothTools()
    {
        var request = RequestParser.Parse("the reflections paper describes ML as lead generation in a screening funnel. run my mini funnel pls: KMgF3, Ca3N2, AlCl, Sr2FeMoO6 - which survive?");
        Assert.Equal(RequestIntent.ExplainAndScreen, request.Intent);
        Assert.Contains("KMgF3", request.Formulas);
    }
}

/// <summary>Word problems: rates with time units, derived questions as queries, and one question for what is missing.</summary>
public class SolveWordProblemTests
{
    [Fact]
    public void FirstOrderDecay_PerMinute_AsksTimeToFraction()
    {
        var request = RequestParser.Parse("first-order decay with k = 2.1e-3 per minute, how long to 25 % remaining?");
        Assert.Equal(RequestIntent.Solve, request.Intent);
        Assert.Null(request.MissingQuestion);
        var solve = request.Solve!;
        Assert.Equal(2.1e-3 / 60, solve.Parameters["k"], 12);
        Assert.Equal(1, solve.Parameters["n"]);
        Assert.Equal(["time_to_fraction:c=0.25"], solve.Queries);
        Assert.Equal("min", solve.TimeUnit!.Value.Name);
    }

    [Theory]
    [InlineData("carbon into steel at 950 °C for 4 h, how deep does it go?", "diffusion coefficient D")]
    [InlineData("Avrami exponent 2.5 for our bainite transformation at 400 °C - how much has transformed after 5 min?", "rate constant k")]
    [InlineData("2nd order reaction, k = 0.2 L/(mol·s). how long until half of it is consumed?", "initial concentration c0")]
    public void MissingValue_GetsOneQuestion(string text, string asked)
    {
        var request = RequestParser.Parse(text);
        Assert.Equal(RequestIntent.Solve, request.Intent);
        Assert.Contains(asked, request.MissingQuestion, StringComparison.Ordinal);
    }
}
