using System.Runtime.CompilerServices;
using System.Text;
using LLama;
using LLama.Exceptions;
using LLama.Native;
using LLama.Sampling;
using Microsoft.Extensions.AI;

namespace MatAssistant.Agent.Brains.Llama;

/// <summary>
/// Runs a <see cref="GenerationPlan"/> on one llama.cpp context: evaluates the prompt (keeping the KV cache of the prefix
/// it shares with the previous request when <see cref="LlamaBrainOptions.ReusePromptCache"/> is on), then samples with the
/// plan's grammar and settings, yielding decoded pieces and, last, the finish reason. Not thread-safe: the caller serialises.
/// </summary>
internal sealed class LlamaGenerator(LLamaWeights weights, LLamaContext context, bool reusePromptCache) : IDisposable
{
    private List<LLamaToken> _cachedTokens = [];

    public LLamaContext Context => context;

    /// <summary>Prompt tokens run through the model (those served from the KV cache not counted).</summary>
    public long PromptTokensEvaluated { get; private set; }

    public async IAsyncEnumerable<(string Piece, ChatFinishReason? End)> RunAsync(GenerationPlan plan, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var prompt = plan.PromptTokens;

        // At least one prompt token is evaluated, for its logits. Recurrent and hybrid models cannot drop part of their
        // state, so they always start afresh.
        var reuse = reusePromptCache && !weights.NativeHandle.IsRecurrent && context.NativeHandle.MemoryCanShift
            ? Math.Min(CommonPrefix(_cachedTokens, prompt), prompt.Count - 1)
            : 0;
        if (reuse > 0)
        {
            context.NativeHandle.MemorySequenceRemove(LLamaSeqId.Zero, reuse, -1);
        }
        else
        {
            context.NativeHandle.MemoryClear();
        }

        _cachedTokens = _cachedTokens.Take(reuse).ToList();
        var batch = new LLamaBatch();
        var (result, _, past) = await context.DecodeAsync([.. prompt.Skip(reuse)], LLamaSeqId.Zero, batch, reuse, cancellationToken).ConfigureAwait(false);
        if (result != DecodeResult.Ok)
        {
            throw new LLamaDecodeError(result);
        }

        _cachedTokens.AddRange(prompt.Skip(reuse));
        PromptTokensEvaluated += prompt.Count - reuse;
        using var sampler = new DefaultSamplingPipeline
        {
            Temperature = plan.Temperature,
            TopP = plan.TopP,
            TopK = plan.TopK,
            MinP = 0,
            FrequencyPenalty = plan.FrequencyPenalty,
            PresencePenalty = plan.PresencePenalty,
            Seed = plan.Seed,
            Grammar = plan.Grammar is null ? null : new Grammar(plan.Grammar, "root"),
        };

        // Special tokens are decoded too: some models mark <tool_call> or [TOOL_CALLS] as control tokens, and end-of-turn
        // tokens never reach the decoder (generation stops on them first).
        var decoder = new StreamingTokenDecoder(context) { DecodeSpecialTokens = true };
        var text = new StringBuilder();
        for (var i = 0; i < plan.MaxTokens; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var token = sampler.Sample(context.NativeHandle, batch.TokenCount - 1);
            if (token.IsEndOfGeneration(weights.Vocab))
            {
                yield return ("", ChatFinishReason.Stop);
                yield break;
            }

            decoder.Add(token);
            var piece = decoder.Read();
            text.Append(piece);
            var stop = plan.StopSequences.FirstOrDefault(s => s.Length > 0 && text.ToString().EndsWith(s, StringComparison.Ordinal));
            if (stop is not null)
            {
                var kept = piece.Length - stop.Length;
                if (kept > 0)
                {
                    yield return (piece[..kept], null);
                }

                yield return ("", ChatFinishReason.Stop);
                yield break;
            }

            yield return (piece, null);
            if (past + 1 >= context.ContextSize)
            {
                break;
            }

            batch.Clear();
            batch.Add(token, past++, LLamaSeqId.Zero, true);
            var decoded = await context.DecodeAsync(batch, cancellationToken).ConfigureAwait(false);
            if (decoded != DecodeResult.Ok)
            {
                throw new LLamaDecodeError(decoded);
            }

            _cachedTokens.Add(token);
        }

        yield return ("", ChatFinishReason.Length);
    }

    public void Dispose() => context.Dispose();

    private static int CommonPrefix(List<LLamaToken> cached, IReadOnlyList<LLamaToken> prompt)
    {
        var n = Math.Min(cached.Count, prompt.Count);
        var i = 0;
        while (i < n && cached[i] == prompt[i])
        {
            i++;
        }

        return i;
    }
}
