/**
 * Stand-ins for @tarojs/components: the same props, rendered as plain DOM elements so
 * @testing-library can find text and click. Only what our pages use.
 */
import { forwardRef, type ChangeEvent, type KeyboardEvent, type ReactNode } from 'react'

interface BaseProps {
  className?: string
  children?: ReactNode
  onClick?: () => void
  style?: Record<string, string | number>
}

export function View({ className, children, onClick, style }: BaseProps) {
  return (
    <div className={className} onClick={onClick} style={style}>
      {children}
    </div>
  )
}

export function Text({ className, children, onClick }: BaseProps) {
  return (
    <span className={className} onClick={onClick}>
      {children}
    </span>
  )
}

interface ButtonProps extends BaseProps {
  disabled?: boolean
  loading?: boolean
  size?: string
  type?: string
}

export function Button({ className, children, onClick, disabled, loading }: ButtonProps) {
  return (
    <button type='button' className={className} disabled={disabled} aria-busy={loading || undefined} onClick={onClick}>
      {children}
    </button>
  )
}

interface InputProps {
  className?: string
  value?: string
  placeholder?: string
  maxlength?: number
  type?: string
  confirmType?: string
  disabled?: boolean
  onInput?: (e: { detail: { value: string } }) => void
  onConfirm?: (e: { detail: { value: string } }) => void
}

/** NutUI's Input hands its Taro Input a ref (to focus it): the stand-in takes it, as Taro's does. */
export const Input = forwardRef<HTMLInputElement, InputProps>(function Input({ className, value, placeholder, maxlength, disabled, onInput, onConfirm }, ref) {
  return (
    <input
      ref={ref}
      className={className}
      value={value}
      placeholder={placeholder}
      maxLength={maxlength}
      disabled={disabled}
      onChange={(e: ChangeEvent<HTMLInputElement>) => onInput?.({ detail: { value: e.target.value } })}
      onKeyDown={(e: KeyboardEvent<HTMLInputElement>) => {
        if (e.key === 'Enter') onConfirm?.({ detail: { value: e.currentTarget.value } })
      }}
    />
  )
})

export const Textarea = forwardRef<HTMLTextAreaElement, InputProps>(function Textarea({ className, value, placeholder, maxlength, onInput }, ref) {
  return (
    <textarea
      ref={ref}
      className={className}
      value={value}
      placeholder={placeholder}
      maxLength={maxlength}
      onChange={(e: ChangeEvent<HTMLTextAreaElement>) => onInput?.({ detail: { value: e.target.value } })}
    />
  )
})

interface SwitchProps {
  className?: string
  checked?: boolean
  color?: string
  onChange?: (e: { detail: { value: boolean } }) => void
}

export function Switch({ className, checked, onChange }: SwitchProps) {
  return <input type='checkbox' role='switch' className={className} checked={!!checked} onChange={(e: ChangeEvent<HTMLInputElement>) => onChange?.({ detail: { value: e.target.checked } })} />
}

export function RichText({ className, nodes }: { className?: string; nodes?: string }) {
  // The server has already cleaned the HTML (sanitize-html); shown as Taro's RichText would.
  return <div className={className} dangerouslySetInnerHTML={{ __html: nodes ?? '' }} />
}

interface VideoProps {
  className?: string
  src?: string
  onPlay?: () => void
  onPause?: () => void
  onEnded?: () => void
  onError?: () => void
  onTimeUpdate?: (e: { detail: { currentTime: number } }) => void
}

/** A <video> whose play/pause/timeupdate events a test fires with fireEvent. */
export function Video({ className, src, onPlay, onPause, onEnded, onError, onTimeUpdate }: VideoProps) {
  return (
    <video
      className={className}
      src={src}
      onPlay={onPlay}
      onPause={onPause}
      onEnded={onEnded}
      onError={onError}
      onTimeUpdate={(e) => onTimeUpdate?.({ detail: { currentTime: e.currentTarget.currentTime } })}
    />
  )
}
