using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace Candor.Index;

/// <summary>
/// The catalogue of an index folder: one SQLite file with every item (source URL, caption, shard and row, PDQ,
/// width/height/licence, other columns as JSON), the captions in an FTS5 table for word search, the shards already
/// ingested (so a build resumes where it stopped), the rows that were skipped and why, and small thumbnails when the
/// data set has images. Writes go through <see cref="BeginShard"/>: one transaction per shard, so an interrupted shard
/// leaves nothing behind.
/// </summary>
public sealed partial class ItemCatalogue : IDisposable
{
    /// <summary>The schema version this code writes and reads (meta key <c>schema</c>).</summary>
    public const int SchemaVersion = 1;

    private const string ItemColumns = "id, shard, row, key, url, caption, width, height, license, sha256, pdq, pdq_quality, extra";

    private readonly SqliteConnection _connection;

    private ItemCatalogue(SqliteConnection connection, string path)
    {
        _connection = connection;
        Path = path;
    }

    /// <summary>The catalogue file.</summary>
    public string Path { get; }

    /// <summary>Opens the catalogue at <paramref name="path"/>, creating it (and its schema) when it does not exist.</summary>
    /// <exception cref="CandorFormatException">The file is not a Candor catalogue, or one of a newer schema.</exception>
    public static ItemCatalogue OpenOrCreate(string path) => Open(path, create: true, readOnly: false);

    /// <summary>Opens an existing catalogue; <paramref name="readOnly"/> for serving.</summary>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    /// <exception cref="CandorFormatException">The file is not a Candor catalogue, or one of a newer schema.</exception>
    public static ItemCatalogue Open(string path, bool readOnly = true)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"no catalogue at {path}", path);
        return Open(path, create: false, readOnly);
    }

    private static ItemCatalogue Open(string path, bool create, bool readOnly)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = readOnly ? SqliteOpenMode.ReadOnly : create ? SqliteOpenMode.ReadWriteCreate : SqliteOpenMode.ReadWrite,
            Pooling = false,
        };
        var connection = new SqliteConnection(builder.ToString());
        try
        {
            connection.Open();
            var catalogue = new ItemCatalogue(connection, path);
            catalogue.Prepare(readOnly);
            return catalogue;
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw new CandorFormatException($"{path} is not a readable catalogue: {e.Message}", inner: e);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private void Prepare(bool readOnly)
    {
        if (!readOnly)
        {
            // WAL while building (one writer, readers not blocked); Seal() returns to a single file at the end.
            Execute("PRAGMA journal_mode=WAL");
            Execute("PRAGMA synchronous=NORMAL");
        }
        var hasMeta = Scalar("SELECT count(*) FROM sqlite_master WHERE type='table' AND name='meta'") is long n && n > 0;
        if (!hasMeta)
        {
            var tables = Scalar("SELECT count(*) FROM sqlite_master") is long t ? t : 0;
            if (tables > 0) throw new CandorFormatException($"{Path} is an SQLite file but not a Candor catalogue (no meta table)");
            if (readOnly) throw new CandorFormatException($"{Path} is empty: not a Candor catalogue");
            CreateSchema();
            return;
        }
        var schema = GetMeta("schema");
        if (!int.TryParse(schema, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            throw new CandorFormatException($"{Path} is not a Candor catalogue (meta 'schema' is '{schema}')");
        if (version > SchemaVersion)
            throw new CandorFormatException($"{Path} has catalogue schema {version}; this Candor reads up to {SchemaVersion}", kind: FormatErrorKind.Unsupported);
    }

    private void CreateSchema()
    {
        using var tx = _connection.BeginTransaction();
        foreach (var statement in new[]
        {
            "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)",
            "CREATE TABLE items(id INTEGER PRIMARY KEY, shard INTEGER NOT NULL, row INTEGER NOT NULL, key TEXT NOT NULL, url TEXT, caption TEXT, " +
                "width INTEGER, height INTEGER, license TEXT, sha256 TEXT, pdq BLOB, pdq_quality INTEGER, extra TEXT)",
            "CREATE INDEX items_url ON items(url)",
            "CREATE INDEX items_shard_row ON items(shard, row)",
            "CREATE VIRTUAL TABLE captions USING fts5(caption, content='items', content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
            "CREATE TABLE shards(idx INTEGER PRIMARY KEY, path TEXT NOT NULL, format TEXT NOT NULL, items INTEGER NOT NULL, problems INTEGER NOT NULL, first_id INTEGER NOT NULL, completed TEXT NOT NULL)",
            "CREATE TABLE problems(shard INTEGER NOT NULL, row INTEGER, message TEXT NOT NULL)",
            "CREATE TABLE thumbnails(id INTEGER PRIMARY KEY, mime TEXT NOT NULL, bytes BLOB NOT NULL)",
        })
            Execute(statement, tx);
        SetMeta("schema", SchemaVersion.ToString(CultureInfo.InvariantCulture), tx);
        tx.Commit();
    }

    /// <summary>Number of items.</summary>
    public long Count => Scalar("SELECT count(*) FROM items") is long n ? n : 0;

    /// <summary>The id the next item gets (one more than the largest so far).</summary>
    public long NextId => Scalar("SELECT coalesce(max(id), -1) + 1 FROM items") is long n ? n : 0;

    /// <summary>A value of the catalogue's key–value metadata, or null.</summary>
    public string? GetMeta(string key)
    {
        using var command = Command("SELECT value FROM meta WHERE key = $k");
        command.Parameters.AddWithValue("$k", key);
        return command.ExecuteScalar() as string;
    }

    /// <summary>Sets a metadata value.</summary>
    public void SetMeta(string key, string value) => SetMeta(key, value, null);

    private void SetMeta(string key, string value, SqliteTransaction? tx)
    {
        using var command = Command("INSERT INTO meta(key, value) VALUES($k, $v) ON CONFLICT(key) DO UPDATE SET value = excluded.value", tx);
        command.Parameters.AddWithValue("$k", key);
        command.Parameters.AddWithValue("$v", value);
        command.ExecuteNonQuery();
    }

    /// <summary>The shards ingested so far, by index.</summary>
    public IReadOnlyList<CatalogueShard> Shards()
    {
        using var command = Command("SELECT idx, path, format, items, problems, first_id, completed FROM shards ORDER BY idx");
        using var reader = command.ExecuteReader();
        var list = new List<CatalogueShard>();
        while (reader.Read())
            list.Add(new CatalogueShard(reader.GetInt32(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5), reader.GetString(6)));
        return list;
    }

    /// <summary>Problems recorded while ingesting (a row or shard skipped, and why), at most <paramref name="limit"/>.</summary>
    public IReadOnlyList<(int Shard, long? Row, string Message)> Problems(int limit = 1000)
    {
        using var command = Command("SELECT shard, row, message FROM problems ORDER BY rowid LIMIT $n");
        command.Parameters.AddWithValue("$n", limit);
        using var reader = command.ExecuteReader();
        var list = new List<(int, long?, string)>();
        while (reader.Read()) list.Add((reader.GetInt32(0), reader.IsDBNull(1) ? null : reader.GetInt64(1), reader.GetString(2)));
        return list;
    }

    /// <summary>Number of problems recorded.</summary>
    public long ProblemCount => Scalar("SELECT count(*) FROM problems") is long n ? n : 0;

    /// <summary>Number of items with a PDQ hash.</summary>
    public long PdqCount => Scalar("SELECT count(*) FROM items WHERE pdq IS NOT NULL") is long n ? n : 0;

    /// <summary>Starts writing one shard: items, problems and thumbnails are kept only when <see cref="CatalogueShardWriter.Complete"/> commits.</summary>
    /// <param name="shard">The shard's index; an earlier partial attempt of the same shard is removed first.</param>
    public CatalogueShardWriter BeginShard(int shard)
    {
        var tx = _connection.BeginTransaction();
        using (var clean = Command("DELETE FROM shards WHERE idx = $s", tx))
        {
            clean.Parameters.AddWithValue("$s", shard);
            clean.ExecuteNonQuery();
        }
        return new CatalogueShardWriter(this, tx, shard, NextIdIn(tx));
    }

    private long NextIdIn(SqliteTransaction tx) => Scalar("SELECT coalesce(max(id), -1) + 1 FROM items", tx) is long n ? n : 0;

    /// <summary>The item with id <paramref name="id"/>, or null.</summary>
    public CatalogueItem? Get(long id)
    {
        using var command = Command($"SELECT {ItemColumns} FROM items WHERE id = $id");
        command.Parameters.AddWithValue("$id", id);
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadItem(reader) : null;
    }

    /// <summary>The items with these ids, in the order asked (ids not found are left out).</summary>
    public IReadOnlyList<CatalogueItem> Get(IReadOnlyList<long> ids)
    {
        var result = new List<CatalogueItem>(ids.Count);
        foreach (var id in ids)
            if (Get(id) is { } item) result.Add(item);
        return result;
    }

    /// <summary>Items in id order from <paramref name="firstId"/>, for verification and export.</summary>
    public IEnumerable<CatalogueItem> Enumerate(long firstId = 0)
    {
        using var command = Command($"SELECT {ItemColumns} FROM items WHERE id >= $id ORDER BY id");
        command.Parameters.AddWithValue("$id", firstId);
        using var reader = command.ExecuteReader();
        while (reader.Read()) yield return ReadItem(reader);
    }

    /// <summary>Items whose URL is exactly <paramref name="url"/>.</summary>
    public IReadOnlyList<CatalogueItem> FindByUrl(string url)
    {
        using var command = Command($"SELECT {ItemColumns} FROM items WHERE url = $u ORDER BY id LIMIT 1000");
        command.Parameters.AddWithValue("$u", url);
        using var reader = command.ExecuteReader();
        var list = new List<CatalogueItem>();
        while (reader.Read()) list.Add(ReadItem(reader));
        return list;
    }

    /// <summary>The thumbnail stored for an item (MIME type and bytes), or null.</summary>
    public (string Mime, byte[] Bytes)? Thumbnail(long id)
    {
        using var command = Command("SELECT mime, bytes FROM thumbnails WHERE id = $id");
        command.Parameters.AddWithValue("$id", id);
        using var reader = command.ExecuteReader();
        return reader.Read() ? (reader.GetString(0), (byte[])reader.GetValue(1)) : null;
    }

    /// <summary>
    /// Word search over captions (FTS5, BM25 ranked). The text is split into words and every word must appear; when no
    /// caption has them all, captions with any of them are returned. Query syntax characters are never interpreted.
    /// </summary>
    public IReadOnlyList<WordMatch> SearchWords(string text, int limit)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = Word().Matches(text).Select(m => m.Value).Distinct(StringComparer.OrdinalIgnoreCase).Take(32).ToList();
        if (words.Count == 0 || limit <= 0) return [];
        var quoted = words.Select(w => "\"" + w.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"").ToList();
        var all = Match(string.Join(' ', quoted), limit);
        if (all.Count > 0 || words.Count == 1) return all;
        // Any of the words, but not the little ones: "kitten on a couch" must not list every caption with "a".
        var content = quoted.Where((_, i) => !FillerWords.Contains(words[i])).ToList();
        return content.Count == 0 ? all : Match(string.Join(" OR ", content), limit);
    }

    private static readonly HashSet<string> FillerWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "a", "an", "the", "and", "or", "of", "on", "in", "at", "to", "for", "with", "by", "from", "is", "are", "it", "its", "this", "that",
    };

    /// <summary>True when a preview image is stored for the item (without reading it).</summary>
    public bool HasThumbnail(long id)
    {
        using var command = Command("SELECT 1 FROM thumbnails WHERE id = $id");
        command.Parameters.AddWithValue("$id", id);
        return command.ExecuteScalar() is not null;
    }

    private List<WordMatch> Match(string expression, int limit)
    {
        using var command = Command("SELECT rowid, bm25(captions) FROM captions WHERE captions MATCH $q ORDER BY bm25(captions) LIMIT $n");
        command.Parameters.AddWithValue("$q", expression);
        command.Parameters.AddWithValue("$n", limit);
        using var reader = command.ExecuteReader();
        var list = new List<WordMatch>();
        while (reader.Read()) list.Add(new WordMatch(reader.GetInt64(0), reader.GetDouble(1)));
        return list;
    }

    /// <summary>
    /// Ends writing: folds the write-ahead log into the file and leaves rollback-journal mode, so the folder holds one
    /// self-contained catalogue file that can be copied, and opened read-only by a server.
    /// </summary>
    /// <exception cref="InvalidOperationException">Another connection (a running server) has the file open; everything written is kept.</exception>
    public void Seal()
    {
        try
        {
            // A reader holding the file will not let go within SQLite's usual 30 s wait: give up sooner and say why.
            foreach (var sql in new[] { "PRAGMA wal_checkpoint(TRUNCATE)", "PRAGMA journal_mode=DELETE" })
            {
                using var command = Command(sql);
                command.CommandTimeout = 3;
                command.ExecuteNonQuery();
            }
        }
        catch (SqliteException e) when (e.SqliteErrorCode is 5 or 6)
        {
            throw new InvalidOperationException($"{Path}: the catalogue is open elsewhere (a running 'candor serve'?), so it could not be sealed; what was added is kept — stop the other program and run 'candor index append' again to finish", e);
        }
    }

    /// <summary>Runs SQLite's own consistency checks (integrity_check and the FTS5 index against its content).</summary>
    /// <returns>Problems found; empty when the file is sound.</returns>
    public IReadOnlyList<string> CheckIntegrity()
    {
        var problems = new List<string>();
        using (var command = Command("PRAGMA integrity_check"))
        using (var reader = command.ExecuteReader())
            while (reader.Read())
                if (reader.GetString(0) != "ok") problems.Add(reader.GetString(0));
        try
        {
            Execute("INSERT INTO captions(captions, rank) VALUES('integrity-check', 1)");
        }
        catch (SqliteException e)
        {
            problems.Add($"caption word index: {e.Message}");
        }
        return problems;
    }

    internal static CatalogueItem ReadItem(SqliteDataReader r) => new()
    {
        Id = r.GetInt64(0),
        Shard = r.GetInt32(1),
        Row = r.GetInt64(2),
        Key = r.GetString(3),
        Url = r.IsDBNull(4) ? null : r.GetString(4),
        Caption = r.IsDBNull(5) ? null : r.GetString(5),
        Width = r.IsDBNull(6) ? null : r.GetInt32(6),
        Height = r.IsDBNull(7) ? null : r.GetInt32(7),
        License = r.IsDBNull(8) ? null : r.GetString(8),
        Sha256 = r.IsDBNull(9) ? null : r.GetString(9),
        Pdq = r.IsDBNull(10) ? null : Convert.ToHexStringLower((byte[])r.GetValue(10)),
        PdqQuality = r.IsDBNull(11) ? null : r.GetInt32(11),
        ExtraJson = r.IsDBNull(12) ? null : r.GetString(12),
    };

    internal SqliteCommand Command(string sql, SqliteTransaction? tx = null)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = tx;
        return command;
    }

    private void Execute(string sql, SqliteTransaction? tx = null)
    {
        using var command = Command(sql, tx);
        command.ExecuteNonQuery();
    }

    private object? Scalar(string sql, SqliteTransaction? tx = null)
    {
        using var command = Command(sql, tx);
        return command.ExecuteScalar();
    }

    /// <summary>Closes the file.</summary>
    public void Dispose() => _connection.Dispose();

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Word();

    internal static string Utc(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
