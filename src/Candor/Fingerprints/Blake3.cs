using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Candor.Fingerprints;

/// <summary>
/// BLAKE3 in hash mode with the default 32-byte output, fed incrementally (InvokeAI names
/// models by it, Civitai lists it). Written from the BLAKE3 specification.
/// </summary>
/// <remarks>
/// Input layout the tree is built over:
/// <code>
///   input  = chunk 0 | chunk 1 | ... | chunk n-1        each chunk 1024 bytes, the last 1..1024 (0 for empty input)
///   chunk  = block 0 | ... | block 15                   each block 64 bytes, little-endian words m0..m15
///   chunk CV = compress(prev CV, block, counter = chunk index, len, flags)
///              flags: CHUNK_START on block 0, CHUNK_END on the last block
///   parent CV = compress(IV, left CV | right CV, counter 0, 64, PARENT)
///   root    = the last compression (chunk or parent) done again with ROOT; output = first 32 bytes
/// </code>
/// Chunk CVs are merged into a stack as they complete: after chunk number t (1-based) is pushed,
/// one merge happens per trailing zero bit of t, which keeps the tree left-full as the spec requires.
/// Whole chunks are hashed four at a time in <see cref="Vector128{T}"/> lanes when the hardware
/// accelerates it (each lane is one chunk), the rest one block at a time.
/// </remarks>
public sealed class Blake3
{
    /// <summary>Length of the digest in bytes.</summary>
    public const int HashSizeInBytes = 32;

    private const int BlockLength = 64;
    private const int ChunkLength = 1024;
    private const int MaxDepth = 54; // 2^54 chunks of 1 KiB exceeds any 64-bit length.
    private const uint ChunkStart = 1, ChunkEnd = 2, ParentFlag = 4, RootFlag = 8;

    private const uint Iv0 = 0x6A09E667, Iv1 = 0xBB67AE85, Iv2 = 0x3C6EF372, Iv3 = 0xA54FF53A;
    private const uint Iv4 = 0x510E527F, Iv5 = 0x9B05688C, Iv6 = 0x1F83D9AB, Iv7 = 0x5BE0CD19;

    private readonly uint[] _cvStack = new uint[MaxDepth * 8];
    private int _stackDepth;
    private ulong _chunkCounter;
    private readonly uint[] _chunkCv = new uint[8];
    private readonly byte[] _block = new byte[BlockLength];
    private int _blockLength;
    private int _blocksCompressed;

    /// <summary>Creates a hasher with no input yet.</summary>
    public Blake3() => Reset();

    /// <summary>Hashes <paramref name="data"/> in one call.</summary>
    public static byte[] Hash(ReadOnlySpan<byte> data)
    {
        var hasher = new Blake3();
        hasher.Append(data);
        return hasher.Finish();
    }

    /// <summary>Forgets all input; the hasher can be reused.</summary>
    public void Reset()
    {
        _stackDepth = 0;
        _chunkCounter = 0;
        StartChunk();
    }

    /// <summary>Feeds more input. Any split of the input into calls gives the same digest.</summary>
    public void Append(ReadOnlySpan<byte> data)
    {
        while (data.Length > 0)
        {
            var inChunk = _blocksCompressed * BlockLength + _blockLength;
            if (inChunk == ChunkLength)
            {
                // The chunk is full and more input follows, so it is not the root: close it.
                CompressBlock(_chunkCv, _block, _chunkCounter, BlockLength, ChunkFlags() | ChunkEnd, _chunkCv);
                PushChunk(_chunkCv);
                StartChunk();
                inChunk = 0;
            }

            if (inChunk == 0 && data.Length > ChunkLength)
            {
                // Whole chunks straight from the input; keep at least one byte back so the last
                // chunk stays open (it may be the root).
                var whole = (data.Length - 1) / ChunkLength;
                var done = HashWholeChunks(data[..(whole * ChunkLength)]);
                data = data[(done * ChunkLength)..];
                continue;
            }

            if (_blockLength == BlockLength)
            {
                CompressBlock(_chunkCv, _block, _chunkCounter, BlockLength, ChunkFlags(), _chunkCv);
                _blocksCompressed++;
                _blockLength = 0;
            }

            var take = Math.Min(BlockLength - _blockLength, data.Length);
            data[..take].CopyTo(_block.AsSpan(_blockLength));
            _blockLength += take;
            data = data[take..];
        }
    }

    /// <summary>Returns the 32-byte digest of everything appended so far (the state is left unchanged).</summary>
    public byte[] Finish()
    {
        var result = new byte[HashSizeInBytes];
        Finish(result);
        return result;
    }

    /// <summary>Writes the 32-byte digest of everything appended so far into <paramref name="destination"/>.</summary>
    public void Finish(Span<byte> destination)
    {
        if (destination.Length < HashSizeInBytes)
            throw new ArgumentException("The destination must hold 32 bytes.", nameof(destination));

        Span<uint> inputCv = stackalloc uint[8];
        Span<byte> block = stackalloc byte[BlockLength];
        _chunkCv.CopyTo(inputCv);
        block.Clear();
        _block.AsSpan(0, _blockLength).CopyTo(block);
        var counter = _chunkCounter;
        var length = (uint)_blockLength;
        var flags = ChunkFlags() | ChunkEnd;

        Span<uint> cv = stackalloc uint[8];
        for (var level = _stackDepth - 1; level >= 0; level--)
        {
            CompressBlock(inputCv, block, counter, length, flags, cv);
            WriteWords(_cvStack.AsSpan(level * 8, 8), block[..32]);
            WriteWords(cv, block[32..]);
            IvInto(inputCv);
            counter = 0;
            length = BlockLength;
            flags = ParentFlag;
        }

        CompressBlock(inputCv, block, counter, length, flags | RootFlag, cv);
        WriteWords(cv, destination[..HashSizeInBytes]);
    }

    private uint ChunkFlags() => _blocksCompressed == 0 ? ChunkStart : 0;

    private void StartChunk()
    {
        IvInto(_chunkCv);
        _blockLength = 0;
        _blocksCompressed = 0;
    }

    private static void IvInto(Span<uint> cv)
    {
        cv[0] = Iv0; cv[1] = Iv1; cv[2] = Iv2; cv[3] = Iv3;
        cv[4] = Iv4; cv[5] = Iv5; cv[6] = Iv6; cv[7] = Iv7;
    }

    private static void WriteWords(ReadOnlySpan<uint> words, Span<byte> destination)
    {
        for (var i = 0; i < words.Length; i++)
            BinaryPrimitives.WriteUInt32LittleEndian(destination[(i * 4)..], words[i]);
    }

    /// <summary>Adds a completed chunk's CV and merges completed subtrees.</summary>
    private void PushChunk(ReadOnlySpan<uint> chunkCv)
    {
        Span<uint> cv = stackalloc uint[8];
        Span<byte> block = stackalloc byte[BlockLength];
        Span<uint> iv = stackalloc uint[8];
        chunkCv.CopyTo(cv);
        var total = ++_chunkCounter;
        while ((total & 1) == 0)
        {
            _stackDepth--;
            WriteWords(_cvStack.AsSpan(_stackDepth * 8, 8), block[..32]);
            WriteWords(cv, block[32..]);
            IvInto(iv);
            CompressBlock(iv, block, 0, BlockLength, ParentFlag, cv);
            total >>= 1;
        }

        cv.CopyTo(_cvStack.AsSpan(_stackDepth * 8, 8));
        _stackDepth++;
    }

    /// <summary>Hashes whole chunks (the current chunk is empty); returns how many were consumed.</summary>
    private int HashWholeChunks(ReadOnlySpan<byte> chunks)
    {
        var count = chunks.Length / ChunkLength;
        var done = 0;
        Span<uint> cvs = stackalloc uint[32];
        if (Vector128.IsHardwareAccelerated)
        {
            while (count - done >= 4)
            {
                HashFourChunks(chunks.Slice(done * ChunkLength, 4 * ChunkLength), _chunkCounter, cvs);
                for (var lane = 0; lane < 4; lane++)
                    PushChunk(cvs.Slice(lane * 8, 8));
                done += 4;
            }
        }

        Span<uint> cv = stackalloc uint[8];
        while (done < count)
        {
            var chunk = chunks.Slice(done * ChunkLength, ChunkLength);
            IvInto(cv);
            for (var b = 0; b < 16; b++)
            {
                var flags = (b == 0 ? ChunkStart : 0) | (b == 15 ? ChunkEnd : 0);
                CompressBlock(cv, chunk.Slice(b * BlockLength, BlockLength), _chunkCounter, BlockLength, flags, cv);
            }

            PushChunk(cv);
            done++;
        }

        return done;
    }

    /// <summary>
    /// The compression function, returning the 8-word chaining value (first half of the output
    /// state, XORed with the second half). <paramref name="cvOut"/> may alias <paramref name="cvIn"/>.
    /// </summary>
    private static void CompressBlock(ReadOnlySpan<uint> cvIn, ReadOnlySpan<byte> block, ulong counter, uint blockLength, uint flags, Span<uint> cvOut)
    {
        var m0 = BinaryPrimitives.ReadUInt32LittleEndian(block);
        var m1 = BinaryPrimitives.ReadUInt32LittleEndian(block[4..]);
        var m2 = BinaryPrimitives.ReadUInt32LittleEndian(block[8..]);
        var m3 = BinaryPrimitives.ReadUInt32LittleEndian(block[12..]);
        var m4 = BinaryPrimitives.ReadUInt32LittleEndian(block[16..]);
        var m5 = BinaryPrimitives.ReadUInt32LittleEndian(block[20..]);
        var m6 = BinaryPrimitives.ReadUInt32LittleEndian(block[24..]);
        var m7 = BinaryPrimitives.ReadUInt32LittleEndian(block[28..]);
        var m8 = BinaryPrimitives.ReadUInt32LittleEndian(block[32..]);
        var m9 = BinaryPrimitives.ReadUInt32LittleEndian(block[36..]);
        var m10 = BinaryPrimitives.ReadUInt32LittleEndian(block[40..]);
        var m11 = BinaryPrimitives.ReadUInt32LittleEndian(block[44..]);
        var m12 = BinaryPrimitives.ReadUInt32LittleEndian(block[48..]);
        var m13 = BinaryPrimitives.ReadUInt32LittleEndian(block[52..]);
        var m14 = BinaryPrimitives.ReadUInt32LittleEndian(block[56..]);
        var m15 = BinaryPrimitives.ReadUInt32LittleEndian(block[60..]);

        uint v0 = cvIn[0], v1 = cvIn[1], v2 = cvIn[2], v3 = cvIn[3];
        uint v4 = cvIn[4], v5 = cvIn[5], v6 = cvIn[6], v7 = cvIn[7];
        uint v8 = Iv0, v9 = Iv1, v10 = Iv2, v11 = Iv3;
        uint v12 = (uint)counter, v13 = (uint)(counter >> 32), v14 = blockLength, v15 = flags;

        for (var round = 0; round < 7; round++)
        {
            // Columns, then diagonals.
            G(ref v0, ref v4, ref v8, ref v12, m0, m1);
            G(ref v1, ref v5, ref v9, ref v13, m2, m3);
            G(ref v2, ref v6, ref v10, ref v14, m4, m5);
            G(ref v3, ref v7, ref v11, ref v15, m6, m7);
            G(ref v0, ref v5, ref v10, ref v15, m8, m9);
            G(ref v1, ref v6, ref v11, ref v12, m10, m11);
            G(ref v2, ref v7, ref v8, ref v13, m12, m13);
            G(ref v3, ref v4, ref v9, ref v14, m14, m15);

            // Message permutation (2, 6, 3, 10, 7, 0, 4, 13, 1, 11, 12, 5, 9, 14, 15, 8).
            var t0 = m2; var t1 = m6; var t2 = m3; var t3 = m10;
            var t4 = m7; var t5 = m0; var t6 = m4; var t7 = m13;
            var t8 = m1; var t9 = m11; var t10 = m12; var t11 = m5;
            var t12 = m9; var t13 = m14; var t14 = m15; var t15 = m8;
            m0 = t0; m1 = t1; m2 = t2; m3 = t3; m4 = t4; m5 = t5; m6 = t6; m7 = t7;
            m8 = t8; m9 = t9; m10 = t10; m11 = t11; m12 = t12; m13 = t13; m14 = t14; m15 = t15;
        }

        cvOut[0] = v0 ^ v8; cvOut[1] = v1 ^ v9; cvOut[2] = v2 ^ v10; cvOut[3] = v3 ^ v11;
        cvOut[4] = v4 ^ v12; cvOut[5] = v5 ^ v13; cvOut[6] = v6 ^ v14; cvOut[7] = v7 ^ v15;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void G(ref uint a, ref uint b, ref uint c, ref uint d, uint x, uint y)
    {
        a = a + b + x;
        d = uint.RotateRight(d ^ a, 16);
        c += d;
        b = uint.RotateRight(b ^ c, 12);
        a = a + b + y;
        d = uint.RotateRight(d ^ a, 8);
        c += d;
        b = uint.RotateRight(b ^ c, 7);
    }

    /// <summary>
    /// Four whole chunks at once: lane j of every vector belongs to chunk j. Writes the four
    /// chunk CVs (8 words each) to <paramref name="cvs"/>.
    /// </summary>
    private static void HashFourChunks(ReadOnlySpan<byte> chunks, ulong firstCounter, Span<uint> cvs)
    {
        var h0 = Vector128.Create(Iv0); var h1 = Vector128.Create(Iv1);
        var h2 = Vector128.Create(Iv2); var h3 = Vector128.Create(Iv3);
        var h4 = Vector128.Create(Iv4); var h5 = Vector128.Create(Iv5);
        var h6 = Vector128.Create(Iv6); var h7 = Vector128.Create(Iv7);
        var counterLow = Vector128.Create((uint)firstCounter, (uint)(firstCounter + 1), (uint)(firstCounter + 2), (uint)(firstCounter + 3));
        var counterHigh = Vector128.Create((uint)(firstCounter >> 32), (uint)((firstCounter + 1) >> 32), (uint)((firstCounter + 2) >> 32), (uint)((firstCounter + 3) >> 32));
        var blockLength = Vector128.Create((uint)BlockLength);
        Span<Vector128<uint>> m = stackalloc Vector128<uint>[16];

        for (var b = 0; b < 16; b++)
        {
            var offset = b * BlockLength;
            LoadTransposed(chunks, offset, m);

            var flags = Vector128.Create((b == 0 ? ChunkStart : 0) | (b == 15 ? ChunkEnd : 0));
            CompressFour(ref h0, ref h1, ref h2, ref h3, ref h4, ref h5, ref h6, ref h7, m, counterLow, counterHigh, blockLength, flags);
        }

        for (var lane = 0; lane < 4; lane++)
        {
            var cv = cvs.Slice(lane * 8, 8);
            cv[0] = h0.GetElement(lane); cv[1] = h1.GetElement(lane);
            cv[2] = h2.GetElement(lane); cv[3] = h3.GetElement(lane);
            cv[4] = h4.GetElement(lane); cv[5] = h5.GetElement(lane);
            cv[6] = h6.GetElement(lane); cv[7] = h7.GetElement(lane);
        }
    }

    /// <summary>
    /// m[w] = word w of the block at <paramref name="offset"/> in each of the four chunks: four
    /// 4x4 transposes of 32-bit words.
    /// </summary>
    private static void LoadTransposed(ReadOnlySpan<byte> chunks, int offset, Span<Vector128<uint>> m)
    {
        if (Sse2.IsSupported)
        {
            for (var q = 0; q < 4; q++)
            {
                var at = offset + q * 16;
                var r0 = Vector128.Create<byte>(chunks[at..]).AsUInt32();
                var r1 = Vector128.Create<byte>(chunks[(ChunkLength + at)..]).AsUInt32();
                var r2 = Vector128.Create<byte>(chunks[(2 * ChunkLength + at)..]).AsUInt32();
                var r3 = Vector128.Create<byte>(chunks[(3 * ChunkLength + at)..]).AsUInt32();
                var t0 = Sse2.UnpackLow(r0, r1).AsUInt64();
                var t1 = Sse2.UnpackLow(r2, r3).AsUInt64();
                var t2 = Sse2.UnpackHigh(r0, r1).AsUInt64();
                var t3 = Sse2.UnpackHigh(r2, r3).AsUInt64();
                m[q * 4] = Sse2.UnpackLow(t0, t1).AsUInt32();
                m[q * 4 + 1] = Sse2.UnpackHigh(t0, t1).AsUInt32();
                m[q * 4 + 2] = Sse2.UnpackLow(t2, t3).AsUInt32();
                m[q * 4 + 3] = Sse2.UnpackHigh(t2, t3).AsUInt32();
            }

            return;
        }

        for (var w = 0; w < 16; w++)
        {
            var at = offset + w * 4;
            m[w] = Vector128.Create(
                BinaryPrimitives.ReadUInt32LittleEndian(chunks[at..]),
                BinaryPrimitives.ReadUInt32LittleEndian(chunks[(ChunkLength + at)..]),
                BinaryPrimitives.ReadUInt32LittleEndian(chunks[(2 * ChunkLength + at)..]),
                BinaryPrimitives.ReadUInt32LittleEndian(chunks[(3 * ChunkLength + at)..]));
        }
    }

    private static void CompressFour(
        ref Vector128<uint> h0, ref Vector128<uint> h1, ref Vector128<uint> h2, ref Vector128<uint> h3,
        ref Vector128<uint> h4, ref Vector128<uint> h5, ref Vector128<uint> h6, ref Vector128<uint> h7,
        ReadOnlySpan<Vector128<uint>> m, Vector128<uint> counterLow, Vector128<uint> counterHigh,
        Vector128<uint> blockLength, Vector128<uint> flags)
    {
        Vector128<uint> v0 = h0, v1 = h1, v2 = h2, v3 = h3, v4 = h4, v5 = h5, v6 = h6, v7 = h7;
        Vector128<uint> v8 = Vector128.Create(Iv0), v9 = Vector128.Create(Iv1), v10 = Vector128.Create(Iv2), v11 = Vector128.Create(Iv3);
        Vector128<uint> v12 = counterLow, v13 = counterHigh, v14 = blockLength, v15 = flags;

        // The seven rounds unrolled with the message schedule applied to the indices, so the
        // message words stay in memory instead of being permuted between rounds.
        // Round 1: message words in schedule order 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15.
        G4(ref v0, ref v4, ref v8, ref v12, m[0], m[1]);
        G4(ref v1, ref v5, ref v9, ref v13, m[2], m[3]);
        G4(ref v2, ref v6, ref v10, ref v14, m[4], m[5]);
        G4(ref v3, ref v7, ref v11, ref v15, m[6], m[7]);
        G4(ref v0, ref v5, ref v10, ref v15, m[8], m[9]);
        G4(ref v1, ref v6, ref v11, ref v12, m[10], m[11]);
        G4(ref v2, ref v7, ref v8, ref v13, m[12], m[13]);
        G4(ref v3, ref v4, ref v9, ref v14, m[14], m[15]);
        // Round 2: message words in schedule order 2, 6, 3, 10, 7, 0, 4, 13, 1, 11, 12, 5, 9, 14, 15, 8.
        G4(ref v0, ref v4, ref v8, ref v12, m[2], m[6]);
        G4(ref v1, ref v5, ref v9, ref v13, m[3], m[10]);
        G4(ref v2, ref v6, ref v10, ref v14, m[7], m[0]);
        G4(ref v3, ref v7, ref v11, ref v15, m[4], m[13]);
        G4(ref v0, ref v5, ref v10, ref v15, m[1], m[11]);
        G4(ref v1, ref v6, ref v11, ref v12, m[12], m[5]);
        G4(ref v2, ref v7, ref v8, ref v13, m[9], m[14]);
        G4(ref v3, ref v4, ref v9, ref v14, m[15], m[8]);
        // Round 3: message words in schedule order 3, 4, 10, 12, 13, 2, 7, 14, 6, 5, 9, 0, 11, 15, 8, 1.
        G4(ref v0, ref v4, ref v8, ref v12, m[3], m[4]);
        G4(ref v1, ref v5, ref v9, ref v13, m[10], m[12]);
        G4(ref v2, ref v6, ref v10, ref v14, m[13], m[2]);
        G4(ref v3, ref v7, ref v11, ref v15, m[7], m[14]);
        G4(ref v0, ref v5, ref v10, ref v15, m[6], m[5]);
        G4(ref v1, ref v6, ref v11, ref v12, m[9], m[0]);
        G4(ref v2, ref v7, ref v8, ref v13, m[11], m[15]);
        G4(ref v3, ref v4, ref v9, ref v14, m[8], m[1]);
        // Round 4: message words in schedule order 10, 7, 12, 9, 14, 3, 13, 15, 4, 0, 11, 2, 5, 8, 1, 6.
        G4(ref v0, ref v4, ref v8, ref v12, m[10], m[7]);
        G4(ref v1, ref v5, ref v9, ref v13, m[12], m[9]);
        G4(ref v2, ref v6, ref v10, ref v14, m[14], m[3]);
        G4(ref v3, ref v7, ref v11, ref v15, m[13], m[15]);
        G4(ref v0, ref v5, ref v10, ref v15, m[4], m[0]);
        G4(ref v1, ref v6, ref v11, ref v12, m[11], m[2]);
        G4(ref v2, ref v7, ref v8, ref v13, m[5], m[8]);
        G4(ref v3, ref v4, ref v9, ref v14, m[1], m[6]);
        // Round 5: message words in schedule order 12, 13, 9, 11, 15, 10, 14, 8, 7, 2, 5, 3, 0, 1, 6, 4.
        G4(ref v0, ref v4, ref v8, ref v12, m[12], m[13]);
        G4(ref v1, ref v5, ref v9, ref v13, m[9], m[11]);
        G4(ref v2, ref v6, ref v10, ref v14, m[15], m[10]);
        G4(ref v3, ref v7, ref v11, ref v15, m[14], m[8]);
        G4(ref v0, ref v5, ref v10, ref v15, m[7], m[2]);
        G4(ref v1, ref v6, ref v11, ref v12, m[5], m[3]);
        G4(ref v2, ref v7, ref v8, ref v13, m[0], m[1]);
        G4(ref v3, ref v4, ref v9, ref v14, m[6], m[4]);
        // Round 6: message words in schedule order 9, 14, 11, 5, 8, 12, 15, 1, 13, 3, 0, 10, 2, 6, 4, 7.
        G4(ref v0, ref v4, ref v8, ref v12, m[9], m[14]);
        G4(ref v1, ref v5, ref v9, ref v13, m[11], m[5]);
        G4(ref v2, ref v6, ref v10, ref v14, m[8], m[12]);
        G4(ref v3, ref v7, ref v11, ref v15, m[15], m[1]);
        G4(ref v0, ref v5, ref v10, ref v15, m[13], m[3]);
        G4(ref v1, ref v6, ref v11, ref v12, m[0], m[10]);
        G4(ref v2, ref v7, ref v8, ref v13, m[2], m[6]);
        G4(ref v3, ref v4, ref v9, ref v14, m[4], m[7]);
        // Round 7: message words in schedule order 11, 15, 5, 0, 1, 9, 8, 6, 14, 10, 2, 12, 3, 4, 7, 13.
        G4(ref v0, ref v4, ref v8, ref v12, m[11], m[15]);
        G4(ref v1, ref v5, ref v9, ref v13, m[5], m[0]);
        G4(ref v2, ref v6, ref v10, ref v14, m[1], m[9]);
        G4(ref v3, ref v7, ref v11, ref v15, m[8], m[6]);
        G4(ref v0, ref v5, ref v10, ref v15, m[14], m[10]);
        G4(ref v1, ref v6, ref v11, ref v12, m[2], m[12]);
        G4(ref v2, ref v7, ref v8, ref v13, m[3], m[4]);
        G4(ref v3, ref v4, ref v9, ref v14, m[7], m[13]);

        h0 = v0 ^ v8; h1 = v1 ^ v9; h2 = v2 ^ v10; h3 = v3 ^ v11;
        h4 = v4 ^ v12; h5 = v5 ^ v13; h6 = v6 ^ v14; h7 = v7 ^ v15;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void G4(ref Vector128<uint> a, ref Vector128<uint> b, ref Vector128<uint> c, ref Vector128<uint> d, Vector128<uint> x, Vector128<uint> y)
    {
        a = a + b + x;
        d = Rotate16(d ^ a);
        c += d;
        b = RotateRight(b ^ c, 12);
        a = a + b + y;
        d = Rotate8(d ^ a);
        c += d;
        b = RotateRight(b ^ c, 7);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<uint> RotateRight(Vector128<uint> x, [ConstantExpected] int n) => (x >>> n) | (x << (32 - n));

    // Rotations by whole bytes are byte shuffles (one instruction on SSSE3/NEON).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<uint> Rotate16(Vector128<uint> x) =>
        Vector128.Shuffle(x.AsByte(), Vector128.Create((byte)2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13)).AsUInt32();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<uint> Rotate8(Vector128<uint> x) =>
        Vector128.Shuffle(x.AsByte(), Vector128.Create((byte)1, 2, 3, 0, 5, 6, 7, 4, 9, 10, 11, 8, 13, 14, 15, 12)).AsUInt32();
}
