namespace MatAssistant.Bench;

internal static class ScreenBenchmark
{
    public static int Run(string[] args)
    {
        Console.Error.WriteLine("screen benchmark: not written yet");
        return 1;
    }
}
