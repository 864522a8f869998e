using System.Text.Json;
using MatAssistant.Agent.Planning;
using MatAssistant.Application.Solving;

namespace MatAssistant.Agent.Tests;

/// <summary>
/// Word problems as scientists write them, pinned in TestData/solve_word_problems.jsonl (other numbers and wording than
/// the development set): the model chosen, each value converted to the parameter it sets, the questions asked as queries,
/// or the one question asked back when a value is missing.
/// </summary>
public class WordProblemTests
{
    public static TheoryData<string> Lines()
    {
        var data = new TheoryData<string>();
        foreach (var line in File.ReadLines(Path.Combine(AppContext.BaseDirectory, "TestData", "solve_word_problems.jsonl")).Where(l => l.Trim().Length > 0))
        {
            data.Add(line);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Lines))]
    public void Request_ReadsIntoTheSolversArguments(string line)
    {
        using var spec = JsonDocument.Parse(line);
        var root = spec.RootElement;
        var request = RequestParser.Parse(root.GetProperty("request").GetString()!);
        Assert.Equal(RequestIntent.Solve, request.Intent);
        var solve = request.Solve!;
        if (root.TryGetProperty("template", out var template))
        {
            Assert.Equal(template.GetString(), solve.Template);
        }

        if (root.TryGetProperty("missing", out var missing))
        {
            Assert.Contains(missing.GetString()!, request.MissingQuestion ?? "(no question asked)", StringComparison.OrdinalIgnoreCase);
            return;
        }

        Assert.Null(request.MissingQuestion);
        if (root.TryGetProperty("equations", out var equations))
        {
            Assert.Equal(equations.EnumerateArray().Select(e => e.GetString()), solve.Equations);
        }

        foreach (var p in root.GetProperty("parameters").EnumerateObject())
        {
            Assert.True(solve.Parameters.TryGetValue(p.Name, out var value), $"no parameter {p.Name}: {string.Join(", ", solve.Parameters.Keys)}");
            Assert.Equal(p.Value.GetDouble(), value, Math.Abs(p.Value.GetDouble()) * 1e-4);
        }

        // Parameters that must stay unset: a value refused (a negative length) must not reach the solver in another form.
        if (root.TryGetProperty("absent", out var absent))
        {
            foreach (var name in absent.EnumerateArray().Select(a => a.GetString()!))
            {
                Assert.False(solve.Parameters.ContainsKey(name), $"parameter {name} was set: {solve.Parameters.GetValueOrDefault(name)}");
            }
        }

        // A note that must be shown: how a value was derived or why one was refused.
        if (root.TryGetProperty("derived", out var derived))
        {
            Assert.Contains(solve.Derived, d => d.Contains(derived.GetString()!, StringComparison.OrdinalIgnoreCase));
        }

        if (root.TryGetProperty("initial", out var initial))
        {
            foreach (var p in initial.EnumerateObject())
            {
                Assert.Equal(p.Value.GetDouble(), solve.InitialValues[p.Name], 1e-12);
            }
        }

        var expected = root.GetProperty("queries").EnumerateArray().Select(q => SolveQueryText.Parse(q.GetString()!)).ToList();
        var actual = solve.Queries.Select(SolveQueryText.Parse).ToList();
        Assert.Equal(expected.Count, actual.Count);
        foreach (var (want, got) in expected.Zip(actual))
        {
            Assert.Equal(want.Kind, got.Kind);
            Assert.Equal(want.Variable, got.Variable);
            Assert.Equal(want.Direction, got.Direction);
            foreach (var (a, b) in new[] { (want.Value, got.Value), (want.Time, got.Time), (want.Fraction, got.Fraction), (want.Depth, got.Depth) })
            {
                Assert.Equal(a.HasValue, b.HasValue);
                if (a is { } x && b is { } y)
                {
                    Assert.Equal(x, y, Math.Max(1e-12, Math.Abs(x) * 1e-6));
                }
            }
        }

        if (root.TryGetProperty("time_unit", out var unit))
        {
            Assert.Equal(unit.GetString(), solve.EquationTimeUnit);
        }
    }

    /// <summary>Regression: a half-life, a time constant or a measured time was taken as the end time ("45 min" → t1 = 2700 s).</summary>
    [Theory]
    [InlineData("first-order, half-life of 45 min; what fraction is left after 3 h?", 10800)]
    [InlineData("sample at 1200 K in a 300 K chamber, thermal time constant 8 min (Newtonian cooling). temperature after 5 min?", 300)]
    public void GivenTimes_AreNotTheEndTime(string message, double asked)
    {
        var solve = RequestParser.Parse(message).Solve!;
        Assert.Contains(solve.Queries, q => q.EndsWith("@" + asked.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        Assert.True(solve.T1 >= asked);
    }
}
