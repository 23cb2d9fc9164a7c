"""Generate the tiny Whisper model in tests/fixtures/tiny-whisper/ (about 1 MB).

It lets the tests run the real faster-whisper path (audio decoding, features, CTranslate2 encode and
generate, word alignment, segments with word timestamps) without downloading a model. Run once, in a
separate tools venv (never the project's):

    python -m venv /tmp/tools && /tmp/tools/bin/pip install torch transformers ctranslate2 tokenizers
    /tmp/tools/bin/python scripts/make_tiny_whisper.py tests/fixtures/tiny-whisper

Recipe: ../shared/design/ECOSYSTEM.md §5, with one change. A purely random decoder is nearly uniform
over its vocabulary, so faster-whisper judges every window a failure and falls back to sampling at
higher temperatures: the output then changes from run to run (and CI once got no segment at all).
Here the decoder is built by hand instead: its attention outputs are zero and its feed-forward block
maps the previous token to the next one along a fixed chain,

    <|startoftranscript|> → <|0.00|> → O → K → <|1.00|> → <|endoftext|>

with a logit margin of about 30, so greedy decoding is confident (no fallback) and gives the same
segment on every CPU. The encoder and the cross-attention scores stay random, so the word alignment
still runs on real numbers.
"""

from __future__ import annotations

import shutil
import string
import sys
import tempfile
from pathlib import Path


SEED = 3
CHAIN = ["<|startoftranscript|>", "<|0.00|>", "O", "K", "<|1.00|>", "<|endoftext|>"]
SCALE = 5.0        # norm of a chain token's embedding
GAIN = 4.0         # how much more the next token weighs than the current one in the residual stream


def hadamard(n: int):
    import torch
    h = torch.ones(1, 1)
    while h.shape[0] < n:
        h = torch.cat([torch.cat([h, h], 1), torch.cat([h, -h], 1)], 0)
    return h


def main(out: Path) -> None:
    import ctranslate2
    import torch
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers
    from transformers import GenerationConfig, WhisperConfig, WhisperForConditionalGeneration

    torch.manual_seed(SEED)
    chars = [c for c in string.printable[:94]] + ["Ġ"]
    specials = ["<|endoftext|>", "<|startoftranscript|>", "<|en|>", "<|de|>", "<|translate|>", "<|transcribe|>",
                "<|startoflm|>", "<|startofprev|>", "<|nospeech|>", "<|notimestamps|>"]
    timestamps = [f"<|{i * 0.02:.2f}|>" for i in range(1501)]
    vocab_list = chars + specials + timestamps
    vocab = {t: i for i, t in enumerate(vocab_list)}

    def tid(t: str) -> int:
        return vocab[t]

    # the unknown token is not <|endoftext|>: faster-whisper suppresses the ids of the symbols it cannot
    # encode, which would then forbid the end of the text
    tok = Tokenizer(models.WordLevel(vocab=vocab, unk_token="Ġ"))
    tok.pre_tokenizer = pre_tokenizers.Split("", behavior="isolated")
    tok.decoder = decoders.Fuse()
    tok.add_special_tokens(specials + timestamps)

    d = 64
    cfg = WhisperConfig(vocab_size=len(vocab), num_mel_bins=80, d_model=d, encoder_layers=1, decoder_layers=1,
                        encoder_attention_heads=2, decoder_attention_heads=2, encoder_ffn_dim=128,
                        decoder_ffn_dim=128, max_source_positions=1500, max_target_positions=448,
                        decoder_start_token_id=tid("<|startoftranscript|>"), eos_token_id=tid("<|endoftext|>"),
                        bos_token_id=tid("<|endoftext|>"), pad_token_id=tid("<|endoftext|>"))
    model = WhisperForConditionalGeneration(cfg)
    rows = hadamard(d)[1:]                       # orthogonal, zero-mean rows: layer norm leaves them alone
    with torch.no_grad():
        dec = model.model.decoder
        layer = dec.layers[0]
        dec.embed_tokens.weight.zero_()          # tied with the output projection: unchained tokens score 0
        dec.embed_positions.weight.zero_()
        for i, t in enumerate(CHAIN):
            dec.embed_tokens.weight[tid(t)] = rows[i] * SCALE / d ** 0.5
        for proj in (layer.self_attn.out_proj, layer.encoder_attn.out_proj):
            proj.weight.zero_()
            proj.bias.zero_()
        layer.fc1.weight.zero_()
        layer.fc1.bias.zero_()
        layer.fc2.weight.zero_()
        layer.fc2.bias.zero_()
        for k, (cur, nxt) in enumerate(zip(CHAIN, CHAIN[1:])):
            # layer norm turns a chain token into rows[i] (norm 8): unit k fires (≈ 5) on that one only
            layer.fc1.weight[k] = rows[CHAIN.index(cur)] * 5.0 / d
            layer.fc2.weight[:, k] = rows[CHAIN.index(nxt)] * GAIN * SCALE / d ** 0.5 / 5.0
    model.generation_config = GenerationConfig(
        decoder_start_token_id=tid("<|startoftranscript|>"), eos_token_id=tid("<|endoftext|>"),
        pad_token_id=tid("<|endoftext|>"), no_timestamps_token_id=tid("<|notimestamps|>"),
        lang_to_id={"<|en|>": tid("<|en|>"), "<|de|>": tid("<|de|>")},
        task_to_id={"transcribe": tid("<|transcribe|>"), "translate": tid("<|translate|>")},
        is_multilingual=True, alignment_heads=[[0, 0]], max_length=448, begin_suppress_tokens=[],
        suppress_tokens=[])
    with tempfile.TemporaryDirectory() as tmp:
        hf_dir = Path(tmp) / "hf"
        model.save_pretrained(hf_dir)
        tok.save(str(hf_dir / "tokenizer.json"))
        if out.exists():
            shutil.rmtree(out)
        ctranslate2.converters.TransformersConverter(str(hf_dir), copy_files=["tokenizer.json"]).convert(
            str(out), quantization="int8")
    print(f"wrote {out}: " + ", ".join(f"{p.name} {p.stat().st_size} B" for p in sorted(out.iterdir())))


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "tests/fixtures/tiny-whisper"))
