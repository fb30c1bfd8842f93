# ovnscope-frame: sourced by ovnscope's shell node scripts (collect-journal, neutron-query);
# the one framing of everything they print. A frame is a header line, then exactly OUT bytes
# of a command's stdout and ERR bytes of its stderr, then one newline:
#   @@ovnscope frame NAME rc=RC out=OUT err=ERR
# Lengths, not end markers: nothing read from the cloud (a tenant's network name in NB's JSON, a
# process's arguments, a journal line) can end a frame or start another; it is only payload.
# The reader is lib/ssh/frames.ts; collect-serve.py (the node reader behind collect) and
# neutron-options write the same bytes.

# frames_out DIR NAME...: for each NAME, DIR/NAME.rc, DIR/NAME.out and DIR/NAME.err as one
# frame, in the order given. One stat and one cat for all of them (this runs every refresh).
frames_out() {
  frames_dir=$1
  shift
  frames_names=$*
  frames_files=
  for frames_n in $frames_names; do
    frames_files="$frames_files $frames_dir/$frames_n.out $frames_dir/$frames_n.err"
  done
  # shellcheck disable=SC2086 # fixed names without spaces, split on purpose
  frames_sizes=$(stat -c %s $frames_files) || return 70
  # shellcheck disable=SC2086
  set -- $frames_sizes
  printf '\n' >"$frames_dir/frames.nl"
  frames_cat=
  for frames_n in $frames_names; do
    frames_rc=70
    [ -s "$frames_dir/$frames_n.rc" ] && read -r frames_rc <"$frames_dir/$frames_n.rc"
    printf '@@ovnscope frame %s rc=%s out=%s err=%s\n' "$frames_n" "$frames_rc" "$1" "$2" \
      >"$frames_dir/$frames_n.head"
    shift 2
    frames_cat="$frames_cat $frames_dir/$frames_n.head $frames_dir/$frames_n.out $frames_dir/$frames_n.err $frames_dir/frames.nl"
  done
  # shellcheck disable=SC2086
  cat $frames_cat
}

# frame_run DIR NAME COMMAND [ARG...]: runs the command into DIR/NAME.{out,err,rc} (stderr cut
# to its first 4 KiB), ready for frames_out.
frame_run() {
  frame_d=$1
  frame_name=$2
  shift 2
  "$@" >"$frame_d/$frame_name.out" 2>"$frame_d/$frame_name.stderr"
  echo $? >"$frame_d/$frame_name.rc"
  if [ -s "$frame_d/$frame_name.stderr" ]; then
    head -c 4096 "$frame_d/$frame_name.stderr" >"$frame_d/$frame_name.err"
  else
    : >"$frame_d/$frame_name.err"
  fi
}
