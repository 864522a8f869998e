using System.Text.RegularExpressions;
using MatAssistant.Agent.Answers;
using MatAssistant.Agent.Brains;
using MatAssistant.Agent.Orchestration;
using MatAssistant.Application;
using Microsoft.Extensions.AI;

namespace MatAssistant.Web;

/// <summary>
/// The server's conversations, each an <see cref="Assistant"/> of its own over the shared resources, keyed by a chat id
/// the client keeps. One message at a time per conversation; different conversations run concurrently.
/// </summary>
public sealed partial class ConversationStore : IDisposable
{
    private readonly AssistantResources _resources;
    private readonly BrainSettings _brain;
    private readonly int _capacity;
    private readonly Dictionary<string, Conversation> _conversations = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly IChatClient? _sharedModel;
    private readonly SemaphoreSlim _modelGate = new(1, 1);

    public ConversationStore(AssistantResources resources, BrainSettings brain, int capacity)
    {
        ArgumentNullException.ThrowIfNull(brain);
        _resources = resources;
        _brain = brain;
        _capacity = Math.Max(1, capacity);
        // Built now, so a bad --model or --endpoint stops serve at start instead of failing the first question.
        var first = BrainFactory.Create(brain);
        if (brain.PerConversation)
        {
            first.Dispose();
        }
        else
        {
            _sharedModel = first;
        }
    }

    /// <summary>The backend's name, as answers report it.</summary>
    public string Backend => _brain.BackendName;

    /// <summary>A fresh chat id.</summary>
    public static string NewId() => Guid.NewGuid().ToString("N");

    /// <summary>A chat id as the client gave it, or a new one; an id that is not 1–64 letters, digits, '-' or '_' is bad input.</summary>
    public static string ReadId(string? id)
    {
        if (string.IsNullOrEmpty(id))
        {
            return NewId();
        }

        return IdPattern().IsMatch(id) ? id : throw new RequestException("the chat id must be 1–64 letters, digits, '-' or '_'.");
    }

    /// <summary>Answers <paramref name="message"/> in conversation <paramref name="chat"/> (created on first use), streaming text to <paramref name="onText"/> when given.</summary>
    public async Task<AssistantAnswer> AskAsync(string chat, string message, Action<string>? onText, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(message))
        {
            throw new RequestException("the question is empty: send {\"question\": \"What is CDVAE?\"}.");
        }

        var conversation = Get(chat);
        await conversation.Gate.WaitAsync(cancellationToken);
        try
        {
            var assistant = conversation.Current(this);
            return onText is null
                ? await assistant.AskAsync(message, cancellationToken)
                : await assistant.AskStreamingAsync(message, onText, cancellationToken);
        }
        finally
        {
            conversation.Gate.Release();
        }
    }

    /// <summary>Forgets conversation <paramref name="chat"/>; returns whether it existed.</summary>
    public bool Reset(string chat)
    {
        Conversation? removed;
        lock (_gate)
        {
            if (_conversations.Remove(chat, out removed))
            {
                removed.Dispose();
            }
        }

        return removed is not null;
    }

    /// <summary>Called after an ingest: each conversation is rebuilt over the new index on its next message, keeping its history.</summary>
    public void IndexChanged() => _resources.Refresh();

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var conversation in _conversations.Values)
            {
                conversation.Dispose();
            }

            _conversations.Clear();
        }

        _sharedModel?.Dispose();
        _modelGate.Dispose();
    }

    private Assistant NewAssistant()
    {
        var brain = _sharedModel is null ? BrainFactory.Create(_brain) : new SharedBrain(_sharedModel, _modelGate);
        return _resources.CreateAssistant(brain, _brain.BackendName);
    }

    private Conversation Get(string chat)
    {
        lock (_gate)
        {
            if (!_conversations.TryGetValue(chat, out var conversation))
            {
                // Only an idle conversation is forgotten; while all are busy the store grows past its capacity for a moment.
                if (_conversations.Count >= _capacity && _conversations.Where(c => c.Value.Gate.CurrentCount == 1).OrderBy(c => c.Value.LastUsed).FirstOrDefault() is { Value: not null } oldest)
                {
                    _conversations.Remove(oldest.Key);
                    oldest.Value.Dispose();
                }

                _conversations[chat] = conversation = new Conversation();
            }

            conversation.LastUsed = DateTime.UtcNow;
            return conversation;
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex IdPattern();

    private sealed class Conversation : IDisposable
    {
        private Assistant? _assistant;
        private Literature.LiteratureIndex? _index;

        public SemaphoreSlim Gate { get; } = new(1, 1);

        public DateTime LastUsed { get; set; }

        /// <summary>The assistant over the current index: rebuilt, with the history so far, when an ingest replaced the index.</summary>
        public Assistant Current(ConversationStore store)
        {
            var index = store._resources.Index;
            if (_assistant is null || !ReferenceEquals(index, _index))
            {
                var next = store.NewAssistant();
                if (_assistant is not null)
                {
                    next.ContinueFrom(_assistant);
                    _assistant.Dispose();
                }

                _assistant = next;
                _index = index;
            }

            return _assistant;
        }

        public void Dispose()
        {
            _assistant?.Dispose();
            Gate.Dispose();
        }
    }
}
