using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Fr;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Analysis.Util;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Marquee.Catalog;

namespace Marquee.Api.Catalog;

/// <summary>
/// The full-text index of the catalogue: an in-memory Lucene index (RAMDirectory) over name, cast, genres and tags,
/// with maturity and licence countries indexed for filtering. Queries are typo-tolerant (fuzzy terms, with
/// transpositions) and prefix-aware (the last word may be unfinished). Thread-safe: one writer, many searchers.
/// </summary>
public sealed class TitleSearchIndex : IDisposable
{
    const LuceneVersion Match = LuceneVersion.LUCENE_48;
    const int MaxTerms = 8;
    const string Everywhere = "*";
    const string All = "all";
    // Typos are looked for after the first letter: people rarely mistype it, and fixing it cuts the terms a fuzzy
    // word visits several-fold (about 1 ms instead of 5 to 10 ms a query on ml-100k).
    const int FuzzyPrefix = 1;

    // Field weights: a hit in the name counts most, then the cast, then genres and tags. An unfinished last word is
    // looked for as a prefix of names and cast only ("star w" should not match every western).
    static readonly (string Field, float Weight, bool Prefix)[] SearchFields =
        [("name", 3f, true), ("cast", 2f, true), ("genres", 1f, false), ("tags", 1f, false)];

    readonly Analyzer _analyzer = new TitleAnalyzer();
    readonly RAMDirectory _directory = new();
    readonly IndexWriter _writer;
    readonly SearcherManager _searchers;

    // One filter per (country, maturity level), caching its matching documents per index segment across searches.
    readonly System.Collections.Concurrent.ConcurrentDictionary<(string Country, int MaxMaturity), Filter> _filters = new();

    public TitleSearchIndex()
    {
        _writer = new IndexWriter(_directory, new IndexWriterConfig(Match, _analyzer) { OpenMode = OpenMode.CREATE });
        _searchers = new SearcherManager(_writer, applyAllDeletes: true, searcherFactory: null);
    }

    /// <summary>Applies a batch of changes and makes them visible to the next search.</summary>
    /// <param name="upserted">Titles created or changed.</param>
    /// <param name="removed">Ids of titles removed.</param>
    /// <param name="reset">Drop everything first (the batch is a full snapshot).</param>
    public void Apply(IEnumerable<TitleSummary> upserted, IEnumerable<string> removed, bool reset)
    {
        ArgumentNullException.ThrowIfNull(upserted);
        ArgumentNullException.ThrowIfNull(removed);
        if (reset)
        {
            _writer.DeleteAll();
        }

        foreach (var titleId in removed)
        {
            _writer.DeleteDocuments(new Term("id", titleId));
        }

        foreach (var title in upserted)
        {
            _writer.UpdateDocument(new Term("id", title.TitleId), ToDocument(title));
        }

        _searchers.MaybeRefreshBlocking();
    }

    /// <summary>The best matches (title id and score) that the country and maturity level allow, best first.</summary>
    public IReadOnlyList<(string TitleId, float Score)> Search(string text, string country, int maxMaturity, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var query = BuildQuery(text);
        if (query is null)
        {
            return [];
        }

        var filter = _filters.GetOrAdd((country.ToUpperInvariant(), maxMaturity), key => new CachingWrapperFilter(new QueryWrapperFilter(Allowed(key.Country, key.MaxMaturity))));
        var searcher = _searchers.Acquire();
        try
        {
            var top = searcher.Search(query, filter, limit);
            return [.. top.ScoreDocs.Select(hit => (searcher.Doc(hit.Doc).Get("id"), hit.Score))];
        }
        finally
        {
            _searchers.Release(searcher);
        }
    }

    /// <summary>Titles the viewer may see: rated at most its level, licensed in its country or everywhere.</summary>
    static BooleanQuery Allowed(string country, int maxMaturity) =>
        new()
        {
            { NumericRangeQuery.NewInt32Range("maturity", null, maxMaturity, true, true), Occur.MUST },
            {
                new BooleanQuery
                {
                    { new TermQuery(new Term("country", country)), Occur.SHOULD },
                    { new TermQuery(new Term("country", Everywhere)), Occur.SHOULD },
                },
                Occur.MUST
            },
        };

    /// <summary>
    /// Every word must match some field (one may miss when there are more than two), exactly, as a prefix (the last
    /// word), or within one edit (words of 4 to 7 letters) or two (longer words); the name as a phrase scores extra.
    /// </summary>
    internal Query? BuildQuery(string text)
    {
        var words = Analyze(text);
        if (words.Count == 0)
        {
            return null;
        }

        var all = new BooleanQuery { MinimumNumberShouldMatch = words.Count <= 2 ? words.Count : words.Count - 1 };
        for (var i = 0; i < words.Count; i++)
        {
            all.Add(WordQuery(words[i], isLast: i == words.Count - 1), Occur.SHOULD);
        }

        var query = new BooleanQuery { { all, Occur.MUST } };
        if (words.Count > 1)
        {
            var phrase = new PhraseQuery { Slop = 1, Boost = 4f };
            foreach (var word in words)
            {
                phrase.Add(new Term("name", word));
            }

            query.Add(phrase, Occur.SHOULD);
        }

        return query;
    }

    static BooleanQuery WordQuery(string word, bool isLast)
    {
        var anyField = new BooleanQuery();
        foreach (var (field, weight, prefix) in SearchFields)
        {
            var term = new Term(field, word);
            anyField.Add(new TermQuery(term) { Boost = weight * 2f }, Occur.SHOULD);
            if (isLast && prefix)
            {
                anyField.Add(new PrefixQuery(term) { Boost = weight * 1.2f }, Occur.SHOULD);
            }
        }

        // Typos are matched once, against every searchable word of the title ("all"): one fuzzy automaton per
        // word instead of one per field. One typo from 4 letters, two from 8 (a two-edit automaton costs several
        // times a one-edit one to build, and short words with two edits match nearly anything).
        if (word.Length >= 4)
        {
            var edits = word.Length >= 8 ? 2 : 1;
            anyField.Add(new FuzzyQuery(new Term(All, word), edits, prefixLength: FuzzyPrefix, maxExpansions: 50, transpositions: true) { Boost = 1.5f }, Occur.SHOULD);
        }

        return anyField;
    }

    List<string> Analyze(string text)
    {
        var words = new List<string>();
        using var stream = _analyzer.GetTokenStream("name", text ?? "");
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken() && words.Count < MaxTerms)
        {
            var word = term.ToString();
            if (!words.Contains(word, StringComparer.Ordinal))
            {
                words.Add(word);
            }
        }

        stream.End();
        return words;
    }

    static Document ToDocument(TitleSummary title)
    {
        var document = new Document
        {
            new StringField("id", title.TitleId, Field.Store.YES),
            new TextField("name", title.Name, Field.Store.NO),
            new Int32Field("maturity", title.MaturityRating, Field.Store.NO),
        };
        foreach (var text in title.Cast.Concat(title.Genres).Concat(title.Tags).Prepend(title.Name))
        {
            document.Add(new TextField(All, text, Field.Store.NO));
        }

        foreach (var member in title.Cast)
        {
            document.Add(new TextField("cast", member, Field.Store.NO));
        }

        foreach (var genre in title.Genres)
        {
            document.Add(new TextField("genres", genre, Field.Store.NO));
        }

        foreach (var tag in title.Tags)
        {
            document.Add(new TextField("tags", tag, Field.Store.NO));
        }

        foreach (var country in title.LicensedCountries.Count == 0 ? [Everywhere] : title.LicensedCountries)
        {
            document.Add(new StringField("country", country.ToUpperInvariant(), Field.Store.NO));
        }

        return document;
    }

    public void Dispose()
    {
        _searchers.Dispose();
        _writer.Dispose();
        _directory.Dispose();
        _analyzer.Dispose();
    }

    /// <summary>
    /// Words folded to lower-case ASCII ("Amélie" matches "amelie"), without possessives ("Clockmaker's") or French
    /// elisions ("d'Amélie"); no stop words, titles need them.
    /// </summary>
    sealed class TitleAnalyzer : Analyzer
    {
        protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
        {
            var tokenizer = new StandardTokenizer(Match, reader);
            TokenStream stream = new EnglishPossessiveFilter(Match, tokenizer);
            stream = new LowerCaseFilter(Match, stream);
            stream = new ElisionFilter(stream, FrenchAnalyzer.DEFAULT_ARTICLES);
            stream = new ASCIIFoldingFilter(stream);
            return new TokenStreamComponents(tokenizer, stream);
        }
    }
}
