#!/usr/bin/env bash
# Generates the demo lessons' media into server/media/lessons (committed; under 2 MB together).
# Needs Debian's ffmpeg, espeak-ng and fonts-noto-cjk: apt-get install -y ffmpeg espeak-ng fonts-noto-cjk
# Run again only to change the demo media; the app never needs these tools.
set -euo pipefail
cd "$(dirname "$0")/.."
out=server/media/lessons
font=/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Narration: espeak-ng's Mandarin voice.
espeak-ng -v cmn -s 150 -w "$tmp/voice.wav" "同志们好。今天的微党课，我们学习党员的义务和权利。党员要认真学习，密切联系群众，在生产、工作、学习和社会生活中起先锋模范作用。在非公有制企业，亮出党员身份，就是把承诺写在岗位上，把责任扛在肩膀上。"
ffmpeg -y -loglevel error -i "$tmp/voice.wav" -ac 1 -ar 22050 -c:a libmp3lame -b:a 32k "$out/audio-duties.mp3"

# Video: a title card with a moving progress bar and the same narration, H.264 + AAC, small.
dur=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$tmp/voice.wav")
ffmpeg -y -loglevel error \
  -f lavfi -i "color=c=0xc8161d:s=480x270:r=12:d=${dur}" -i "$tmp/voice.wav" \
  -vf "drawtext=fontfile=${font}:text='微党课 · 党员的义务':fontcolor=white:fontsize=30:x=(w-tw)/2:y=90,drawtext=fontfile=${font}:text='红色引擎 演示视频':fontcolor=white@0.8:fontsize=18:x=(w-tw)/2:y=140,drawbox=x=40:y=200:w=400:h=8:color=white@0.3:t=fill,drawbox=x=40:y=200:w='400*t/${dur}':h=8:color=white:t=fill" \
  -c:v libx264 -profile:v baseline -pix_fmt yuv420p -crf 30 -preset veryslow -c:a aac -b:a 32k -ac 1 -movflags +faststart -shortest "$out/video-duties.mp4"

# Covers: one per category colour.
i=0
for spec in "理论学习:0xc8161d" "党史学习:0xa0522d" "党章党规:0x8c0e13" "业务融合:0xd4380d"; do
  name=${spec%%:*}; color=${spec##*:}; i=$((i + 1))
  ffmpeg -y -loglevel error -f lavfi -i "color=c=${color}:s=320x180:d=1" -frames:v 1 \
    -vf "drawtext=fontfile=${font}:text='${name}':fontcolor=white:fontsize=40:x=(w-tw)/2:y=(h-th)/2" "$out/cover-${i}.png"
done
du -ch "$out"/* | tail -n 1
