using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;

namespace MatAssistant.Bench;

/// <summary>
/// Loopback load on a running <c>matassist serve</c>: N concurrent <c>/api/ask</c> requests, each in a conversation of its
/// own, cycling through a screen, a literature and a solve question. Prints errors and latency percentiles.
/// Usage: web-load --url http://127.0.0.1:5080 [--requests 50] [--question TEXT]
/// </summary>
internal static class WebLoadBenchmark
{
    private static readonly string[] Questions =
    [
        "Is LiFePO4 charge neutral?",
        "What is CDVAE?",
        "Solve dy/dt = -0.5*y with y(0) = 2 from t = 0 to 10",
    ];

    public static int Run(string[] args)
    {
        if (BenchPaths.Option(args, "--url") is not { } url || !Uri.TryCreate(url, UriKind.Absolute, out var server))
        {
            Console.Error.WriteLine("usage: web-load --url http://127.0.0.1:5080 [--requests 50] [--question TEXT]   (start 'matassist serve' first)");
            return 2;
        }

        var count = int.Parse(BenchPaths.Option(args, "--requests") ?? "50", CultureInfo.InvariantCulture);
        var questions = BenchPaths.Option(args, "--question") is { } one ? [one] : Questions;
        using var client = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromMinutes(10) };

        // One warm-up request: the first answer pays for loading the models, which is not what this measures.
        client.PostAsJsonAsync("/api/ask", new { question = questions[0] }).GetAwaiter().GetResult().EnsureSuccessStatusCode();

        var wall = Stopwatch.StartNew();
        var results = Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            var watch = Stopwatch.StartNew();
            try
            {
                using var response = await client.PostAsJsonAsync("/api/ask", new { question = questions[i % questions.Length] });
                var body = await response.Content.ReadAsStringAsync();
                return (Ms: watch.Elapsed.TotalMilliseconds, Error: response.IsSuccessStatusCode ? null : $"{(int)response.StatusCode}: {body}");
            }
            catch (HttpRequestException e)
            {
                return (Ms: watch.Elapsed.TotalMilliseconds, Error: e.Message);
            }
        })).GetAwaiter().GetResult();
        wall.Stop();

        var latencies = results.Select(r => r.Ms).Order().ToArray();
        double Percentile(double p) => latencies[Math.Clamp((int)Math.Ceiling(p * latencies.Length) - 1, 0, latencies.Length - 1)];
        var errors = results.Where(r => r.Error is not null).ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"web-load: {count} concurrent /api/ask on {server} ({questions.Length} question kinds): {errors.Count} errors; p50 {Percentile(0.5):0} ms, p95 {Percentile(0.95):0} ms, max {latencies[^1]:0} ms; all done in {wall.Elapsed.TotalSeconds:0.0} s ({Environment.ProcessorCount} cores)"));
        foreach (var error in errors.Take(5))
        {
            Console.WriteLine($"  error: {error.Error}");
        }

        return errors.Count == 0 ? 0 : 1;
    }
}
